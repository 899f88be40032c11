using Microsoft.AspNetCore.Mvc;
using Portal.Api;
using Portal.Print;

namespace Portal.Pages.Services;

/// <summary>A listing's leaflet for a noticeboard: public, like the listing itself, as a print page and a PDF.</summary>
public sealed class LeafletModel(DirectoryClient directory, TimeProvider clock, IConfiguration configuration) : PrintPage
{
    [BindProperty(SupportsGet = true)] public Guid Id { get; set; }

    public override (string Href, string Text) Back => ($"/services/{Id}", PortalText.Get("Common.BackToActivity"));

    public async Task<IActionResult> OnGetAsync(CancellationToken ct) => await LoadAsync(ct) ?? Page();

    public async Task<IActionResult> OnGetPdfAsync(CancellationToken ct) =>
        await LoadAsync(ct) ?? (Sheet is null ? StatusCode(StatusCodes.Status503ServiceUnavailable) : Pdf(Sheet.Activities[0].Name, "leaflet.pdf"));

    private async Task<IActionResult?> LoadAsync(CancellationToken ct)
    {
        var listing = await directory.GetServiceAsync(Id, ct);
        if (IsMissing(listing)) return NotFound();
        if (!Check(listing, "activity")) return null;
        Sheet = PrintSheet.Leaflet(listing.Value!, UkTime.Today(clock), PublicLinks.To(configuration, Request, $"/services/{Id}"));
        ViewData["Title"] = listing.Value!.Name;
        return null;
    }
}
