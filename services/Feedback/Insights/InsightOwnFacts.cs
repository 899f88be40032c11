using FeedbackService.Data;

namespace FeedbackService.Insights;

/// <summary>
/// Feedback's own facts (a session's attendance, a stage's outcome answers) reach insight in the transaction that
/// records them, rather than through their AttendanceRecorded or OutcomeRecorded sent back to Feedback itself: one
/// message less a session, and insight is never behind what Feedback knows. Keyed as the events were, the newest
/// record standing, so the backfill (<see cref="InsightBackfill"/>) applying the same facts again changes nothing.
/// </summary>
public static class InsightOwnFacts
{
    public static async Task SessionRecorded(FeedbackDb db, Guid referralId, Guid serviceId, DateOnly sessionDate, string status,
        DateTimeOffset at, CancellationToken ct)
    {
        var session = await db.Set<InsightSession>().FindAsync([referralId, sessionDate], ct)
                      ?? db.Add(new InsightSession(referralId, sessionDate)).Entity;
        session.Apply(serviceId, status, at);
    }

    public static async Task OutcomeRecorded(FeedbackDb db, Guid referralId, string stage, int? ons4Total, int? lonelinessTotal,
        DateTimeOffset at, CancellationToken ct)
    {
        var outcome = await db.Set<InsightOutcome>().FindAsync([referralId, stage], ct)
                      ?? db.Add(new InsightOutcome(referralId, stage)).Entity;
        outcome.Apply(ons4Total, lonelinessTotal, at);
    }
}
