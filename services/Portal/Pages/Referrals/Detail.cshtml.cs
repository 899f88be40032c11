using System.Text.Json;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Portal.Api;

namespace Portal.Pages.Referrals;

/// <summary>
/// One referral for its referrer or its receiving provider (the Referrals service decides who may see it):
/// status, timeline, attendance and outcomes, and the transitions the service says are allowed now.
/// </summary>
[Authorize]
public sealed class DetailModel(ReferralsClient referrals, FeedbackClient feedback, TimeProvider clock) : PortalPage
{
    [BindProperty(SupportsGet = true)] public Guid Id { get; set; }
    public ReferralDetail? Referral { get; private set; }
    public JsonElement? Summary { get; private set; }
    public string SummaryMessage { get; private set; } = "Nothing recorded yet.";
    public IReadOnlyList<string> Transitions =>
        (Referral?.AllowedTransitions ?? []).Where(t => ReferralsClient.Transitions.Contains(t)).ToList();
    public DateOnly Today => DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);

    public Task OnGetAsync(CancellationToken ct) => LoadAsync(ct);

    public async Task<IActionResult> OnPostTransitionAsync(string transition, string? reason, string? note, CancellationToken ct)
    {
        if (!ReferralsClient.Transitions.Contains(transition)) return BadRequest();
        if (transition is "reject" or "fail" or "cancel" && string.IsNullOrWhiteSpace(reason))
            AddError(transition + ".reason", $"Select a reason");
        else if (Check(await referrals.TransitionAsync(Id, transition, reason, note, ct), "referral", transition + "-reason"))
        {
            Flash($"Referral {Done(transition)}.");
            return RedirectToPage(new { Id });
        }
        await LoadAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostAttendanceAsync(DateOnly? sessionDate, string status, CancellationToken ct)
    {
        if (sessionDate is null) AddError("sessionDate", "Enter the date of the session");
        else if (Check(await feedback.RecordAttendanceAsync(Id, sessionDate.Value, status, ct), "attendance", "sessionDate"))
        {
            Flash("Attendance recorded.");
            return RedirectToPage(new { Id });
        }
        await LoadAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostOutcomeAsync(string measure, string stage, int? score, CancellationToken ct)
    {
        if (score is null) AddError("score", "Enter the score");
        else if (Check(await feedback.RecordOutcomeAsync(Id, measure, stage, score.Value, null, ct), "outcome", "score"))
        {
            Flash("Outcome recorded.");
            return RedirectToPage(new { Id });
        }
        await LoadAsync(ct);
        return Page();
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        var result = await referrals.GetAsync(Id, ct);
        if (!Check(result, "referral")) return;
        Referral = result.Value;
        var summary = await feedback.SummaryAsync(Id, ct);
        if (summary.Ok) Summary = summary.Value;
        else if (summary.Outcome == ApiOutcome.NotAvailable)
            SummaryMessage = "Attendance and outcomes are not available yet from the Feedback service.";
    }

    public IReadOnlyList<(string Value, string Label)> ReasonsFor(string transition) => transition switch
    {
        "reject" => [("no-capacity", "No places available"), ("not-eligible", "Not eligible for this activity"),
            ("unable-to-contact", "Unable to contact them"), ("other", "Other reason")],
        "fail" => [("did-not-attend", "Did not attend"), ("declined", "They decided not to take part"),
            ("unable-to-contact", "Unable to contact them")],
        _ => [("no-longer-needed", "No longer needed"), ("person-declined", "The person changed their mind"), ("other", "Other reason")],
    };

    public string LegendFor(string transition) => transition switch
    {
        "reject" => "Decline: why can you not take this referral?",
        "fail" => "Close as not completed: why?",
        _ => "Cancel the referral: why?",
    };

    public string ButtonFor(string transition) => transition switch
    {
        "accept" => "Accept referral",
        "reject" => "Decline referral",
        "start" => "Mark as started",
        "complete" => "Mark as completed",
        "fail" => "Close as not completed",
        _ => "Cancel referral",
    };

    private static string Done(string transition) => transition switch
    {
        "accept" => "accepted", "reject" => "declined", "start" => "started", "complete" => "completed",
        "fail" => "closed as not completed", _ => "cancelled",
    };
}
