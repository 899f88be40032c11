using System.Globalization;
using System.Text.Json;
using BuildingBlocks.Auth;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Portal.Api;

namespace Portal.Pages.Curator;

/// <summary>
/// A person's request about their data, handled by hub staff: find what Referrals and Feedback hold (every read
/// audited by the services), download it as one JSON file, or erase it (each service does its own part).
/// </summary>
[Authorize(Policy = Roles.Curator)]
public sealed class PersonDataModel(ReferralsClient referrals, FeedbackClient feedback) : PortalPage
{
    private static readonly string[] DateFormats = ["yyyy-MM-dd", "d/M/yyyy", "d-M-yyyy", "d M yyyy"];
    private static readonly JsonSerializerOptions Indented = new(ServiceClient.Json) { WriteIndented = true };

    [BindProperty] public string? NhsNumber { get; set; }
    [BindProperty] public string? GivenName { get; set; }
    [BindProperty] public string? FamilyName { get; set; }
    [BindProperty] public string? DateOfBirth { get; set; }
    [BindProperty] public string? RequestReference { get; set; }
    [BindProperty] public bool ConfirmErase { get; set; }

    /// <summary>What was found: Referrals' records and Feedback's for the same referrals.</summary>
    public PersonDataExport? Found { get; private set; }

    public void OnGet() { }

    public async Task<IActionResult> OnPostFindAsync(CancellationToken ct)
    {
        Found = await ExportAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostDownloadAsync(CancellationToken ct)
    {
        if (await ExportAsync(ct) is not { } export) return Page();
        var json = JsonSerializer.SerializeToUtf8Bytes(export, Indented);
        return File(json, "application/json", $"person-data-{DateTime.UtcNow:yyyyMMdd-HHmm}.json");
    }

    public async Task<IActionResult> OnPostEraseAsync(CancellationToken ct)
    {
        if (!ConfirmErase) AddError("confirmErase", "Confirm that the person asked for their data to be erased");
        else if (Identity() is { } person)
        {
            var erased = await referrals.ErasePersonAsync(person, RequestReference?.Trim() ?? "", ct);
            if (Check(erased, "erasure", "requestReference"))
            {
                var count = erased.Value.GetProperty("erasedReferralIds").GetArrayLength();
                Flash(count == 0
                    ? "Nothing was held about this person, so nothing was erased."
                    : $"Erased {count} referral{(count == 1 ? "" : "s")}. Open referrals were cancelled; Feedback forgets its part as it hears of it.");
                return RedirectToPage();
            }
        }
        // Refused: unless the person could not be identified, show what is held again beside the messages.
        if (Errors.All(e => !e.InputId.StartsWith("person-", StringComparison.Ordinal))) Found = await ExportAsync(ct);
        return Page();
    }

    private async Task<PersonDataExport?> ExportAsync(CancellationToken ct)
    {
        if (Identity() is not { } person) return null;
        var held = await referrals.ExportPersonAsync(person, ct);
        if (!Check(held, "person's data", "person-nhsNumber")) return null;
        var ids = held.Value.GetProperty("referrals").EnumerateArray().Select(r => r.GetProperty("id").GetGuid()).ToList();
        var feedbackHeld = ids.Count == 0 ? null : await feedback.ExportPersonAsync(ids, ct);
        if (feedbackHeld is not null && !Check(feedbackHeld, "person's feedback data")) return null;
        return new PersonDataExport(DateTimeOffset.UtcNow, held.Value.GetProperty("referrals"),
            feedbackHeld?.Value.GetProperty("referrals"));
    }

    private PersonIdentity? Identity()
    {
        DateOnly? dateOfBirth = null;
        if (!string.IsNullOrWhiteSpace(DateOfBirth))
        {
            if (DateOnly.TryParseExact(DateOfBirth.Trim(), DateFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed))
                dateOfBirth = parsed;
            else
            {
                AddError("person.dateOfBirth", "Enter the date of birth like 17/05/1948");
                return null;
            }
        }
        return new PersonIdentity(Blank(NhsNumber), Blank(GivenName), Blank(FamilyName), dateOfBirth);
    }

    private static string? Blank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
}

/// <summary>The one file handed to the person: what each service holds, as it answered.</summary>
public sealed record PersonDataExport(DateTimeOffset ExportedAt, JsonElement Referrals, JsonElement? Feedback)
{
    public JsonElement? FeedbackFor(Guid referralId) =>
        Feedback?.EnumerateArray().Cast<JsonElement?>().FirstOrDefault(f => f!.Value.GetProperty("referralId").GetGuid() == referralId);
}
