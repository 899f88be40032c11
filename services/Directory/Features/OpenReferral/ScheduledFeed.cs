using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace DirectoryService.Features.OpenReferral;

/// <summary>
/// A publisher's feed the hub imports on a schedule: its URL, how often, and how the last run went. Each run keeps
/// its report (<see cref="ImportRun"/>).
/// </summary>
public sealed class ScheduledFeed
{
    public const int MinIntervalMinutes = 15;
    public const int MaxIntervalMinutes = 60 * 24 * 31;

    public Guid Id { get; private set; }
    public string Url { get; private set; } = "";
    public string? Publisher { get; private set; }
    public int IntervalMinutes { get; private set; }
    public bool Enabled { get; private set; }
    public DateTimeOffset NextRunAt { get; private set; }
    public DateTimeOffset? LastRunAt { get; private set; }
    public string? LastOutcome { get; private set; }
    public string? LastError { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }

    private ScheduledFeed() { }

    public ScheduledFeed(string url, string? publisher, int intervalMinutes, DateTimeOffset at)
    {
        Id = Guid.CreateVersion7();
        Url = url;
        Publisher = publisher;
        IntervalMinutes = intervalMinutes;
        Enabled = true;
        NextRunAt = at;
        CreatedAt = at;
    }

    public bool IsDue(DateTimeOffset now) => Enabled && NextRunAt <= now;

    public void Change(int intervalMinutes, bool enabled, DateTimeOffset at)
    {
        IntervalMinutes = intervalMinutes;
        Enabled = enabled;
        if (NextRunAt > at.AddMinutes(intervalMinutes)) NextRunAt = at.AddMinutes(intervalMinutes);
    }

    /// <summary>A curator asks for a run now: the next sweep takes it.</summary>
    public void DueNow(DateTimeOffset at) => NextRunAt = at;

    public void Finished(string outcome, string? error)
    {
        LastOutcome = outcome;
        LastError = error is { Length: > 1000 } ? error[..1000] : error;
    }
}

/// <summary>One import of a feed (scheduled, or a curator's): when, the outcome, counts, the problem if any, and the whole report.</summary>
public sealed class ImportRun
{
    public const string Succeeded = "succeeded";
    public const string Incomplete = "incomplete";
    public const string Failed = "failed";

    public Guid Id { get; private set; }
    public Guid? FeedId { get; private set; }
    public string Source { get; private set; } = "";
    public string? Publisher { get; private set; }
    public DateTimeOffset StartedAt { get; private set; }
    public DateTimeOffset FinishedAt { get; private set; }
    public string Outcome { get; private set; } = "";
    public string? Error { get; private set; }
    public int Created { get; private set; }
    public int Updated { get; private set; }
    public int Unchanged { get; private set; }
    public int Rejected { get; private set; }
    public int Withdrawn { get; private set; }
    public int Restored { get; private set; }
    public string? ReportJson { get; private set; }

    private ImportRun() { }

    public ImportRun(Guid? feedId, string source, DateTimeOffset startedAt, DateTimeOffset finishedAt, ImportReport? report, string? reportJson, string? error)
    {
        Id = Guid.CreateVersion7();
        FeedId = feedId;
        Source = source.Length > 300 ? source[..300] : source;
        Publisher = report?.Publisher is { Length: > 300 } p ? p[..300] : report?.Publisher;
        StartedAt = startedAt;
        FinishedAt = finishedAt;
        Error = error is { Length: > 1000 } ? error[..1000] : error;
        Outcome = report is null ? Failed : report.Problems.Count > 0 ? Incomplete : Succeeded;
        if (report is not null)
            (Created, Updated, Unchanged, Rejected, Withdrawn, Restored) =
                (report.Created, report.Updated, report.Unchanged, report.Rejected, report.Withdrawn, report.Restored);
        ReportJson = reportJson;
    }
}

internal sealed class ScheduledFeedConfiguration : IEntityTypeConfiguration<ScheduledFeed>
{
    public void Configure(EntityTypeBuilder<ScheduledFeed> feed)
    {
        feed.ToTable("oruk_scheduled_feeds");
        feed.Property(f => f.Id).ValueGeneratedNever();
        feed.Property(f => f.Url).HasMaxLength(250);
        feed.Property(f => f.Publisher).HasMaxLength(200);
        feed.Property(f => f.LastOutcome).HasMaxLength(20);
        feed.Property(f => f.LastError).HasMaxLength(1000);
        feed.HasIndex(f => f.Url).IsUnique();
        feed.HasIndex(f => new { f.Enabled, f.NextRunAt });
    }
}

internal sealed class ImportRunConfiguration : IEntityTypeConfiguration<ImportRun>
{
    public void Configure(EntityTypeBuilder<ImportRun> run)
    {
        run.ToTable("oruk_import_runs");
        run.Property(r => r.Id).ValueGeneratedNever();
        run.Property(r => r.Source).HasMaxLength(300);
        run.Property(r => r.Publisher).HasMaxLength(300);
        run.Property(r => r.Outcome).HasMaxLength(20);
        run.Property(r => r.Error).HasMaxLength(1000);
        run.HasIndex(r => new { r.FeedId, r.StartedAt });
        run.HasIndex(r => r.StartedAt);
    }
}
