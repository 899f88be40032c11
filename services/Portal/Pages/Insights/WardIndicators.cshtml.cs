using BuildingBlocks.Auth;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Portal.Api;

namespace Portal.Pages.Insights;

/// <summary>
/// A curator uploads the wards' indicators (population, a risk index, people aged 75+ living alone) as CSV, chosen
/// as a file or pasted; the service checks every row and names each line's problems, which are listed here (a file
/// with any bad row changes nothing). Works without JavaScript: a plain multipart form.
/// </summary>
[Authorize(Policy = Roles.Curator)]
public sealed class WardIndicatorsModel(FeedbackClient feedback) : PortalPage
{
    /// <summary>The service takes up to 1,000,000 characters; a file a little over that is refused here, unread.</summary>
    public const long MaxFileBytes = 1_100_000;

    [BindProperty] public IFormFile? Upload { get; set; }
    [BindProperty] public string? Csv { get; set; }

    public void OnGet() { }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var csv = Csv;
        if (Upload is { Length: > 0 } file)
        {
            if (file.Length > MaxFileBytes) AddError("file", "The file is too big: ward indicators fit in under 1 MB.");
            else
            {
                using var reader = new StreamReader(file.OpenReadStream());
                csv = await reader.ReadToEndAsync(ct);
            }
        }
        else if (string.IsNullOrWhiteSpace(csv)) AddError("file", "Choose a CSV file of ward indicators, or paste one");
        if (HasErrors) return Page();

        var result = await feedback.UploadWardIndicatorsAsync(csv!, ct);
        if (Check(result, "ward indicators", "file"))
        {
            Flash($"Ward indicators uploaded: {result.Value!.Wards} wards. The cold spots now use them.");
            return RedirectToPage("/Insights/Index", null, "isolation-risk-against-supply");
        }
        // Each line's problems ("rows[4].population") point at the file or the pasted text, whichever was sent.
        var target = Upload is { Length: > 0 } ? "file" : "csv";
        var messages = Errors.Select(e => e.Message).ToList();
        Errors.Clear();
        foreach (var message in messages) AddError(target, message);
        Csv = Upload is { Length: > 0 } ? null : Csv;
        return Page();
    }
}
