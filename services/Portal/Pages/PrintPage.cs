using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Mvc.Filters;
using Portal.Localisation;
using Portal.Print;

namespace Portal.Pages;

/// <summary>
/// A page that prints (Shared/_PrintLayout: large type, high contrast, no navigation) and the same sheet as a PDF at
/// "{page}/pdf". The sheet is built once per request and rendered either way, so the paper and the PDF agree.
/// </summary>
public abstract class PrintPage : PortalPage
{
    public PrintSheet? Sheet { get; protected set; }
    /// <summary>Where "Back" on the screen-only bar goes, and its words.</summary>
    public abstract (string Href, string Text) Back { get; }
    /// <summary>The PDF of the same sheet, in the language the page was asked for with <c>?culture=</c> (a print in the person's language).</summary>
    public string PdfHref => Request.Path.Value!.TrimEnd('/') + "/pdf"
        + (Request.Query.ContainsKey("culture") ? QueryString.Create("culture", PortalCultures.Current.Culture).ToUriComponent() : "");

    /// <summary>
    /// The PDF is drawn by PDFsharp, which neither joins Arabic letters nor writes right to left, with a font (DejaVu
    /// Sans) that has no Bengali: a PDF asked for in those languages is in English, and the print page (which the
    /// browser lays out) is the way to paper in them (docs/LANGUAGES.md).
    /// </summary>
    public static bool PdfSpeaks(PortalLanguage language) => language.Culture is PortalCultures.Default or "pl";

    // Razor Pages would otherwise take this override for a handler of an HTTP method called "Page".
    [NonHandler]
    public override void OnPageHandlerExecuting(PageHandlerExecutingContext context)
    {
        if (context.HandlerMethod?.Name == "Pdf" && !PdfSpeaks(PortalCultures.Current))
        {
            var english = CultureInfo.GetCultureInfo(PortalCultures.Default);
            CultureInfo.CurrentCulture = english;
            CultureInfo.CurrentUICulture = english;
        }
        base.OnPageHandlerExecuting(context);
    }

    /// <summary>The sheet as a PDF download; nothing of the person in the file's name.</summary>
    protected FileContentResult Pdf(string title, string fileName) =>
        File(PrintPdf.Render(Sheet!, title), "application/pdf", fileName);

    /// <summary>A sheet that names a person stays out of every cache: the browser's, a proxy's, a shared computer's.</summary>
    protected void NoStore() => Response.Headers.CacheControl = "no-store";
}
