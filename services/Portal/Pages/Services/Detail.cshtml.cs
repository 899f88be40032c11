using Microsoft.AspNetCore.Mvc;
using Portal.Api;

namespace Portal.Pages.Services;

public sealed class DetailModel(DirectoryClient directory, TimeProvider clock) : PortalPage
{
    public Listing? Listing { get; private set; }

    /// <summary>"next: Tuesday 8 December, 10am", against today in the UK.</summary>
    public string? Next => Listing is null ? null : ScheduleText.Next(Listing.Schedules, UkTime.Today(clock));

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct)
    {
        var result = await directory.GetServiceAsync(id, ct);
        if (IsMissing(result)) return NotFound();
        if (Check(result, "activity")) Listing = result.Value;
        return Page();
    }
}
