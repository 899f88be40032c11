namespace Portal.Api;

/// <summary>A publisher's feed imported on a schedule (GET /api/directory/import/feeds), with how its last run went.</summary>
public sealed record ScheduledFeed(Guid Id, string Url, string? Publisher, int IntervalMinutes, bool Enabled, DateTimeOffset NextRunAt,
    DateTimeOffset? LastRunAt, string? LastOutcome, string? LastError);

/// <summary>One import (GET /api/directory/import/runs): its outcome and counts; the whole report is at /runs/{id}.</summary>
public sealed record ImportRunSummary(Guid Id, Guid? FeedId, string Source, string? Publisher, DateTimeOffset StartedAt, DateTimeOffset FinishedAt,
    string Outcome, string? Error, int Created, int Updated, int Unchanged, int Rejected, int Withdrawn, int Restored);

/// <summary>A publisher's own taxonomy term (GET /api/directory/import/terms) and the hub term it is mapped to, if any.</summary>
public sealed record PublisherTerm(Guid Id, string Publisher, string ExternalId, string Name, string? Vocabulary, string? MappedCode,
    string? MappedBy, DateTimeOffset? MappedAt, int Listings);
