using System.Globalization;
using BuildingBlocks.Auth;
using Contracts.Referrals;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Portal.Api;

namespace Portal.Pages.Curator;

/// <summary>
/// Crisis mode: choose what to suspend (a ward from the gazetteer, a category, an organisation, or everything in the
/// area), see exactly which listings and how many open referrals and organisations it touches, then confirm with a public
/// note, an optional alternative and an optional planned end (reinstated automatically then).
/// </summary>
[Authorize(Policy = Roles.Curator)]
public sealed class CrisisModel(DirectoryClient directory, CurationClient curation, ReferralsClient referrals, TimeProvider clock) : PortalPage
{
    public const string LocalFormat = "yyyy-MM-dd'T'HH:mm";

    [BindProperty] public string? Ward { get; set; }
    [BindProperty] public string? Taxonomy { get; set; }
    [BindProperty] public Guid? Organisation { get; set; }
    [BindProperty] public bool Everything { get; set; }
    [BindProperty] public string? Note { get; set; }
    [BindProperty] public string? Alternative { get; set; }
    /// <summary>UK local date and time (a datetime-local input), e.g. 2026-12-10T09:00.</summary>
    [BindProperty] public string? Until { get; set; }

    public List<string> Wards { get; private set; } = [];
    public List<Category> Categories { get; private set; } = [];
    public List<OrganisationSummary> Organisations { get; private set; } = [];
    public List<CrisisView> Crises { get; private set; } = [];
    public CrisisPreview? Preview { get; private set; }
    public int? OpenReferrals { get; private set; }
    public string MinimumUntil => UkTime.Local(clock.GetUtcNow()).ToString(LocalFormat, CultureInfo.InvariantCulture);

    public Task OnGetAsync(CancellationToken ct) => LoadAsync(ct);

    public async Task<IActionResult> OnPostPreviewAsync(CancellationToken ct)
    {
        if (CheckForm(out _))
        {
            var preview = await curation.PreviewCrisisAsync(Choice, ct);
            if (Check(preview, "crisis preview", "ward"))
            {
                Preview = preview.Value;
                var counts = await referrals.CountsAsync(ct);
                if (counts.Ok)
                {
                    var ids = Preview!.Listings.Select(l => l.Id).ToHashSet();
                    string[] open = [ReferralStatuses.Draft, ReferralStatuses.Requested, ReferralStatuses.Accepted, ReferralStatuses.InProgress, ReferralStatuses.OnHold];
                    OpenReferrals = counts.Value!.ByService.Where(s => ids.Contains(s.ServiceId))
                        .Sum(s => open.Sum(status => s.ByStatus.GetValueOrDefault(status)));
                }
            }
        }
        await LoadAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostSuspendAsync(CancellationToken ct)
    {
        if (CheckForm(out var until))
        {
            var result = await curation.DeclareCrisisAsync(Choice, Note!.Trim(), Blank(Alternative), until, ct);
            if (Check(result, "crisis mode", "note"))
            {
                Flash($"Crisis mode on: {result.Value!.Count} activities suspended."
                      + (until is { } end ? $" They will be reinstated automatically on {Show.Date(end)}." : ""));
                return RedirectToPage();
            }
        }
        await LoadAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostEndAsync(Guid id, CancellationToken ct)
    {
        var result = await curation.EndCrisisAsync(id, ct);
        if (Check(result, "crisis"))
        {
            Flash($"Crisis ended: {result.Value!.Count} activities reinstated.");
            return RedirectToPage();
        }
        await LoadAsync(ct);
        return Page();
    }

    private CrisisChoice Choice => Everything ? new CrisisChoice(null, null, null, true)
        : new CrisisChoice(Blank(Ward), Blank(Taxonomy), Organisation, false);

    /// <summary>A note is needed, and a choice of what to suspend; a planned end must be a time still to come.</summary>
    private bool CheckForm(out DateTimeOffset? until)
    {
        until = null;
        if (string.IsNullOrWhiteSpace(Note)) AddError("note", "Enter a public note: it is shown on every suspended listing");
        if (!Everything && Blank(Ward) is null && Blank(Taxonomy) is null && Organisation is null)
            AddError("ward", "Choose a ward, a category or an organisation, or everything in the area");
        if (Everything && (Blank(Ward) is not null || Blank(Taxonomy) is not null || Organisation is not null))
            AddError("ward", "Choose everything in the area, or a ward, category or organisation, not both");
        if (Blank(Until) is { } text)
        {
            if (!DateTime.TryParseExact(text, [LocalFormat, "yyyy-MM-dd'T'HH:mm:ss"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var local))
                AddError("until", "Enter the planned end as a date and time, for example 10/12/2026 09:00");
            else
            {
                var end = BuildingBlocks.Time.UkTime.Instant(local);
                if (end <= clock.GetUtcNow()) AddError("until", "The planned end must be in the future");
                else until = end;
            }
        }
        return !HasErrors;
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        var wards = await curation.WardsAsync(ct);
        if (wards.Ok) Wards = wards.Value!;
        var categories = await directory.CategoriesAsync(ct);
        if (categories.Ok) Categories = [.. categories.Value!.SelectMany(g => g.Terms).OrderBy(t => t.Name)];
        var organisations = await curation.OrganisationsAsync(ct);
        if (organisations.Ok) Organisations = organisations.Value!;
        var crises = await curation.CrisesAsync(ct);
        if (Check(crises, "crises")) Crises = crises.Value!;
    }

    private static string? Blank(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();
}
