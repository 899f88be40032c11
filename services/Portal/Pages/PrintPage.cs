using Microsoft.AspNetCore.Mvc;
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
    public string PdfHref => Request.Path.Value!.TrimEnd('/') + "/pdf";

    /// <summary>The sheet as a PDF download; nothing of the person in the file's name.</summary>
    protected FileContentResult Pdf(string title, string fileName) =>
        File(PrintPdf.Render(Sheet!, title), "application/pdf", fileName);

    /// <summary>A sheet that names a person stays out of every cache: the browser's, a proxy's, a shared computer's.</summary>
    protected void NoStore() => Response.Headers.CacheControl = "no-store";
}
