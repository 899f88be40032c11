using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Portal.Api;
using Portal.Print;

namespace Portal.Pages.Referrals;

/// <summary>
/// The social prescription a practitioner hands over: the referred activity in large type, for the person by first
/// name. The referral is read through the Referrals API (which decides who may, and audit-logs the read as a print), so anyone
/// it does not let read the referral gets the same 404 here, for the page and the PDF alike.
/// </summary>
[Authorize]
public sealed class PrintModel(ReferralsClient referrals, DirectoryClient directory, TimeProvider clock, IConfiguration configuration)
    : PrintPage
{
    [BindProperty(SupportsGet = true)] public Guid Id { get; set; }

    public override (string Href, string Text) Back => ($"/referrals/{Id}", PortalText.Get("Print.BackToReferral"));

    public async Task<IActionResult> OnGetAsync(CancellationToken ct) => await LoadAsync(ct) ?? Page();

    public async Task<IActionResult> OnGetPdfAsync(CancellationToken ct) =>
        await LoadAsync(ct) ?? (Sheet is null ? StatusCode(StatusCodes.Status503ServiceUnavailable) : Pdf(PortalText.Get("Print.PrescriptionTitle"), "social-prescription.pdf"));

    /// <summary>Null when the sheet (or a notice saying why there is none) is ready; otherwise the answer to give instead.</summary>
    private async Task<IActionResult?> LoadAsync(CancellationToken ct)
    {
        NoStore();
        var referral = await referrals.GetToPrintAsync(Id, ct);
        if (IsMissing(referral)) return NotFound();
        if (!Check(referral, "referral")) return null;
        var serviceId = referral.Value!.ServiceId;
        var listing = await directory.GetServiceAsync(serviceId, ct);
        Sheet = PrintSheet.Prescription(referral.Value, listing.Value, UkTime.Today(clock),
            PublicLinks.To(configuration, Request, $"/services/{serviceId}"));
        return null;
    }
}
