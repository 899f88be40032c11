namespace Contracts.Feedback;

// Published by the Feedback service.

public sealed record AttendanceRecorded(
    Guid ReferralId, Guid ServiceId, DateOnly SessionDate, string Status, bool IsFirstAttendance,
    int ConsecutiveNoShows, string RecordedBy, DateTimeOffset OccurredAt);

public sealed record OutcomeRecorded(
    Guid ReferralId, string Stage, int? Ons4Total, int? LonelinessScore, DateTimeOffset OccurredAt);
