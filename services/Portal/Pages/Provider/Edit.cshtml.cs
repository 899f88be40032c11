using BuildingBlocks.Auth;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Portal.Api;
using Portal.Localisation;

namespace Portal.Pages.Provider;

public sealed class EditForm
{
    public string? Name { get; set; }
    public string? Summary { get; set; }
    public string? Description { get; set; }
    public string? Email { get; set; }
    public string? Phone { get; set; }
    public string? Website { get; set; }
    public string? GettingThere { get; set; }
    public string? FirstVisit { get; set; }
    public string? WelcomedBy { get; set; }
    /// <summary>
    /// The further phone numbers, each with what it is for; a blank number removes one. Null when the form did not
    /// send them (the listing's own are then kept as they are).
    /// </summary>
    public List<PhoneField>? MorePhones { get; set; }
    /// <summary>The listing's version when the form was drawn (optimistic concurrency).</summary>
    public int Version { get; set; }
    /// <summary>
    /// The listing's translations, then the one "Add a translation" adds (its language chosen, blank otherwise). A
    /// translation with every field cleared is removed. Null when the form did not send them (they are then kept).
    /// </summary>
    public List<TranslationField>? Translations { get; set; }

    public static EditForm From(Listing s) => new()
    {
        Translations = [.. (s.Translations ?? []).Select(t => new TranslationField
        {
            Language = t.Language, Name = t.Name, Summary = t.Summary, Description = t.Description, GettingThere = t.GettingThere, FirstVisit = t.FirstVisit,
        })],
        Name = s.Name, Summary = s.Summary, Description = s.Description, Email = s.Email, Phone = s.Phone, Website = s.Website,
        GettingThere = s.GettingThere, FirstVisit = s.FirstVisit, WelcomedBy = s.WelcomedBy,
        MorePhones = [.. (s.Contact?.MorePhones ?? []).Select(p => new PhoneField { Number = p.Number, Description = p.Description })],
        Version = s.Version,
    };
}

public sealed class TranslationField
{
    public string? Language { get; set; }
    public string? Name { get; set; }
    public string? Summary { get; set; }
    public string? Description { get; set; }
    public string? GettingThere { get; set; }
    public string? FirstVisit { get; set; }

    public bool IsBlank => new[] { Name, Summary, Description, GettingThere, FirstVisit }.All(string.IsNullOrWhiteSpace);

    /// <summary>A language's name in itself when the portal is shipped in it ("Polski"), otherwise its tag.</summary>
    public static string NameOf(string? language) =>
        PortalCultures.Languages.FirstOrDefault(l => string.Equals(l.Culture, language, StringComparison.OrdinalIgnoreCase))?.NativeName ?? language ?? "";
}

public sealed class PhoneField
{
    public string? Number { get; set; }
    public string? Description { get; set; }
}

/// <summary>A provider keeps one listing current: details, places, and "still accurate".</summary>
[Authorize(Policy = Roles.Provider)]
public sealed class EditModel(DirectoryClient directory) : PortalPage
{
    [BindProperty(SupportsGet = true)] public Guid Id { get; set; }
    [BindProperty] public EditForm Edit { get; set; } = new();
    [BindProperty] public int? PlacesAvailable { get; set; }
    [BindProperty] public bool AcceptingReferrals { get; set; } = true;
    public Listing? Listing { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (!await LoadAsync(ct)) return NotFound();
        if (Listing is { } s)
        {
            Edit = EditForm.From(s);
            AcceptingReferrals = s.Capacity?.AcceptingReferrals is not "no";
            PlacesAvailable = s.Capacity?.Spaces;
        }
        return Page();
    }

    public async Task<IActionResult> OnPostConfirmAsync(CancellationToken ct) =>
        await AfterAsync(await directory.ConfirmStillAccurateAsync(Id, ct), "Thank you: the listing is marked as checked today.", ct);

    public async Task<IActionResult> OnPostCapacityAsync(CancellationToken ct)
    {
        if (PlacesAvailable is < 0) { AddError("placesAvailable", "Places available cannot be negative"); await LoadAsync(ct); return Page(); }
        return await AfterAsync(await directory.SetCapacityAsync(Id, PlacesAvailable, AcceptingReferrals, ct), "Places saved.", ct);
    }

    public async Task<IActionResult> OnPostDetailsAsync(CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(Edit.Name)) AddError("name", "Enter the activity's name");
        // The Directory's limits on free text, said here rather than after it refuses the whole form.
        ListingFormMessages.CheckTexts(this,
        [
            ("name", Edit.Name), ("summary", Edit.Summary), ("description", Edit.Description), ("contact.email", Edit.Email),
            ("url", Edit.Website), ("gettingThere", Edit.GettingThere), ("firstVisit", Edit.FirstVisit), ("welcomedBy", Edit.WelcomedBy),
        ]);
        var current = await directory.GetServiceJsonAsync(Id, ct);
        if (HasErrors || !Check(current, "listing")) { await LoadAsync(ct); return Page(); }

        var result = await directory.EditServiceAsync(Id, ListingEditBody.From(current.Value, Edit), ct);
        if (result.Ok)
        {
            var pending = result.Value!.PendingApproval;
            Flash(pending.Count == 0
                ? "Listing saved. The changes are live."
                : $"Your changes to the {Fields(pending)} are waiting for a curator's approval. People see the current " +
                  "details until then." + (result.Value.Applied.Count > 0 ? $" Your other changes ({Fields(result.Value.Applied)}) are live." : ""));
            return RedirectToPage(new { Id });
        }
        if (result.Problem?.Status == StatusCodes.Status409Conflict)
        {
            // Someone else saved first (or the listing is waiting for a decision): never overwrite their change.
            // About the whole form, not one field: the summary links to the Details heading.
            AddError("details", result.Problem.Detail is { } detail && !detail.StartsWith("The listing has changed", StringComparison.Ordinal)
                ? detail
                : "Someone else changed this listing after you opened it, so your changes have not been saved. " +
                  "The form now shows the latest details: make your changes again and save.");
            await LoadAsync(ct);
            if (Listing is { } latest) Edit = EditForm.From(latest);
            return Page();
        }
        if (result.Outcome == ApiOutcome.Invalid && result.Problem!.Errors.Count > 0)
        {
            // In the portal's words beside the field, once each; the Directory's own wording is for API clients.
            foreach (var field in result.Problem.Errors.Keys.Distinct(StringComparer.OrdinalIgnoreCase))
                if (OnThisForm(field) && ListingFormMessages.ForRefused(field) is { } message) AddError(field, message);
                else if (ErrorFor("details") is null)
                    AddError("details", "The directory could not save your changes because of details this form does not change, " +
                        "such as the listing's cost or times. Ask the directory team to check the listing.");
        }
        else Check(result, "listing", "name");
        await LoadAsync(ct);
        return Page();
    }

    /// <summary>The fields the directory names that this form has an input for.</summary>
    private static bool OnThisForm(string field) =>
        field is "name" or "summary" or "description" or "contact.email" or "contact.phone" or "url" or "gettingThere" or "firstVisit" or "welcomedBy"
        || field.StartsWith("contact.morePhones[", StringComparison.Ordinal) && field.Contains("].", StringComparison.Ordinal)
        || field.StartsWith("translations[", StringComparison.Ordinal) && field.Contains("].", StringComparison.Ordinal);

    private static string Fields(IReadOnlyList<string> fields)
    {
        var names = fields.Select(f => f switch { "url" => "website", "taxonomyTerms" => "categories", "locationIds" => "places", "gettingThere" => "how to get there",
            "firstVisit" => "first visit", "welcomedBy" => "who will welcome people", "translations" => "translated name, summary or description",
            "translationsPractical" => "translated directions or first visit", _ => f.ToLowerInvariant() }).ToList();
        return names.Count == 1 ? names[0] : string.Join(", ", names[..^1]) + " and " + names[^1];
    }

    private async Task<IActionResult> AfterAsync(ApiResult<NoContent> result, string success, CancellationToken ct)
    {
        if (Check(result, "listing", "name"))
        {
            Flash(success);
            return RedirectToPage(new { Id });
        }
        await LoadAsync(ct);
        return Page();
    }

    /// <summary>The languages "Add a translation" offers: the portal's own, but English and those the listing has.</summary>
    public IReadOnlyList<PortalLanguage> LanguagesToAdd =>
        [.. PortalCultures.Languages.Where(l => l.Culture != PortalCultures.Default
            && !(Listing?.Translations ?? []).Any(t => string.Equals(t.Language, l.Culture, StringComparison.OrdinalIgnoreCase)))];

    /// <summary>False when there is no such listing, or it is not this provider's (the page is not found).</summary>
    private async Task<bool> LoadAsync(CancellationToken ct)
    {
        // In English whatever the provider's own language: the form edits the listing's own words.
        var result = await directory.GetServiceInEnglishAsync(Id, ct);
        if (IsMissing(result)) return false;
        if (Check(result, "listing")) Listing = result.Value;
        return true;
    }
}
