using Contracts.Referrals;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Portal.Api;
using Portal.Identity;

namespace Portal.Pages.Referrals;

/// <summary>
/// One referral for its referrer or its receiving provider (the Referrals service decides who may see it):
/// status, timeline, attendance and outcomes, and the transitions the service says are allowed now.
/// </summary>
[Authorize]
public sealed class DetailModel(ReferralsClient referrals, FeedbackClient feedback, TimeProvider clock) : PortalPage
{
    [BindProperty(SupportsGet = true)] public Guid Id { get; set; }
    [BindProperty] public OutcomeForm Outcome { get; set; } = new();
    [BindProperty] public string? MessageText { get; set; }
    public ReferralDetail? Referral { get; private set; }
    /// <summary>Feedback's attendance and outcomes; null when the caller may not see them or Feedback cannot answer.</summary>
    public OutcomeSummary? Summary { get; private set; }
    /// <summary>Why there is no summary, in words for the person reading the page (null when there is one).</summary>
    public string? SummaryMessage { get; private set; }
    public List<ReferralMessage>? Messages { get; private set; }
    public string? MessagesMessage { get; private set; }
    public IReadOnlyList<string> Transitions =>
        (Referral?.AllowedTransitions ?? []).Where(t => ReferralsClient.Transitions.Contains(t)).ToList();
    public DateOnly Today => UkTime.Today(clock);

    public async Task<IActionResult> OnGetAsync(CancellationToken ct) => await LoadAsync(ct) ? Page() : NotFound();

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
        return await LoadAsync(ct) ? Page() : NotFound();
    }

    public async Task<IActionResult> OnPostAttendanceAsync(DateOnly? sessionDate, string status, CancellationToken ct)
    {
        if (sessionDate is null) AddError("sessionDate", "Enter the date of the session");
        else if (Check(await feedback.RecordAttendanceAsync(Id, sessionDate.Value, status, ct), "attendance", "sessionDate"))
        {
            Flash("Attendance recorded.");
            return RedirectToPage(new { Id });
        }
        return await LoadAsync(ct) ? Page() : NotFound();
    }

    public async Task<IActionResult> OnPostOutcomeAsync(CancellationToken ct)
    {
        Outcome.Validate(this);
        if (!HasErrors && Check(await feedback.RecordOutcomeAsync(Id, Outcome.ToAnswers(), ct), "outcome", "stage"))
        {
            Flash(Outcome.Stage == "follow-up" ? "Follow-up answers recorded." : "Baseline answers recorded.");
            return RedirectToPage(null, null, new { Id }, "outcomes");
        }
        return await LoadAsync(ct) ? Page() : NotFound();
    }

    public async Task<IActionResult> OnPostMessageAsync(CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(MessageText)) AddError("text", "Enter your message");
        else if (Check(await referrals.PostMessageAsync(Id, MessageText.Trim(), ct), "message", "text"))
        {
            Flash("Message sent.");
            return RedirectToPage(null, null, new { Id }, "messages");
        }
        return await LoadAsync(ct) ? Page() : NotFound();
    }

    /// <summary>False when there is no such referral, or this person may not see it: the page is not found either way.</summary>
    private async Task<bool> LoadAsync(CancellationToken ct)
    {
        var result = await referrals.GetAsync(Id, ct);
        if (IsMissing(result)) return false;
        if (!Check(result, "referral")) return true;
        Referral = result.Value;
        var summaryTask = feedback.SummaryAsync(Id, ct);
        var messagesTask = referrals.MessagesAsync(Id, ct);
        var summary = await summaryTask;
        Summary = summary.Value;
        SummaryMessage = summary.Outcome switch
        {
            ApiOutcome.Ok => null,
            // Feedback learns of a referral from Referrals' events: until the first one arrives it has nothing.
            ApiOutcome.NotFound => "Nothing recorded yet.",
            ApiOutcome.Forbidden => "The person did not agree to share their attendance and how they are doing with you.",
            _ => "Attendance and outcomes cannot be shown at the moment. Please try again later.",
        };
        var messages = await messagesTask;
        Messages = messages.Value;
        if (!messages.Ok) MessagesMessage = "Messages cannot be shown at the moment. Please try again later.";
        return true;
    }

    /// <summary>Attendance from Feedback; Referrals' copy when Feedback cannot answer (it has no did-not-attend count).</summary>
    public (int Attended, int? DidNotAttend, DateOnly? LastAttended)? Attendance =>
        Summary is { } s ? (s.Attendance.Attended, s.Attendance.DidNotAttend, s.Attendance.LastAttended)
        : Referral?.Attendance is { } a ? (a.SessionsAttended, null, a.LastAttendedOn)
        : null;

    // Referrals' status leads Feedback's copy by a moment, so the forms follow it, with the rule both services share.
    public bool MayRecord => User.IsProvider() && ReferralStatuses.Attendable.Contains(Referral?.Status);

    public bool MayRecordOutcomes => User.IsProvider() && ReferralStatuses.Measurable.Contains(Referral?.Status)
        && (Summary?.Baseline is null || Summary.FollowUp is null);

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
