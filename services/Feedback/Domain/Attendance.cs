using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace FeedbackService.Domain;

public static class AttendanceStatus
{
    public const string Attended = "attended";
    public const string DidNotAttend = "did-not-attend";
    public const string Cancelled = "cancelled";
    public static readonly string[] All = [Attended, DidNotAttend, Cancelled];
}

/// <summary>One session of one referral: did the person come.</summary>
public sealed class AttendanceRecord
{
    public Guid Id { get; private set; }
    public Guid ReferralId { get; private set; }
    public DateOnly SessionDate { get; private set; }
    public string Status { get; private set; } = "";
    public string RecordedBy { get; private set; } = "";
    public DateTimeOffset RecordedAt { get; private set; }

    private AttendanceRecord() { }

    public AttendanceRecord(Guid referralId, DateOnly sessionDate, string status, string recordedBy, DateTimeOffset at)
    {
        Id = Guid.CreateVersion7();
        ReferralId = referralId;
        SessionDate = sessionDate;
        Status = status;
        RecordedBy = recordedBy;
        RecordedAt = at;
    }
}

/// <summary>What a referral's attendance so far means: first attendance, and the current run of no-shows.</summary>
public sealed record AttendanceHistory(IReadOnlyList<AttendanceRecord> Sessions)
{
    public int Attended => Sessions.Count(s => s.Status == AttendanceStatus.Attended);
    public int DidNotAttend => Sessions.Count(s => s.Status == AttendanceStatus.DidNotAttend);
    public int Cancelled => Sessions.Count(s => s.Status == AttendanceStatus.Cancelled);

    public DateOnly? LastAttended => Sessions.Where(s => s.Status == AttendanceStatus.Attended)
        .Select(s => (DateOnly?)s.SessionDate).Max();

    /// <summary>No-shows since the most recent attended session, by session date; cancelled sessions neither count nor break the run.</summary>
    public int ConsecutiveNoShows => Sessions
        .Where(s => s.Status != AttendanceStatus.Cancelled)
        .OrderByDescending(s => s.SessionDate)
        .TakeWhile(s => s.Status == AttendanceStatus.DidNotAttend)
        .Count();

    /// <summary>True when <paramref name="added"/> is the referral's only attended session so far.</summary>
    public bool IsFirstAttendance(AttendanceRecord added) =>
        added.Status == AttendanceStatus.Attended && Attended == 1 && Sessions.Contains(added);

    /// <summary>The provider is prompted once, when the run reaches the threshold (not again at every later no-show).</summary>
    public bool ShouldPromptAboutNoShows(AttendanceRecord added, int threshold) =>
        added.Status == AttendanceStatus.DidNotAttend && ConsecutiveNoShows == threshold;
}

internal sealed class AttendanceRecordConfiguration : IEntityTypeConfiguration<AttendanceRecord>
{
    public void Configure(EntityTypeBuilder<AttendanceRecord> attendance)
    {
        attendance.ToTable("attendance");
        attendance.HasKey(a => a.Id);
        attendance.Property(a => a.Id).ValueGeneratedNever();
        attendance.HasIndex(a => new { a.ReferralId, a.SessionDate }).IsUnique();
        attendance.Property(a => a.Status).HasMaxLength(20);
        attendance.Property(a => a.RecordedBy).HasMaxLength(200);
    }
}
