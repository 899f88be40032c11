using BuildingBlocks.Privacy;
using BuildingBlocks.Time;
using Contracts.Directory;
using Contracts.Referrals;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace FeedbackService.Insights;

// The insight read model: built only from events, holding no personal data (a referral is its id, its activity and
// its referring team; never the person, the referrer or anything typed about them). Each row is keyed on what the
// event is about and keeps the earliest (or newest) time it has seen, so a redelivered or late event changes nothing
// it should not: counts are taken when asked, never kept, and so cannot double.

/// <summary>A listing as insight knows it: its wards and categories (taxonomy codes), stored "|a|b|" for filtering.</summary>
public sealed class InsightActivity
{
    public Guid ServiceId { get; private set; }
    public string Name { get; private set; } = "";
    public string Wards { get; private set; } = "|";
    public string Categories { get; private set; } = "|";
    public string AcceptingReferrals { get; private set; } = "";
    /// <summary>The organisation that runs it (for stale listings by provider).</summary>
    public string? Provider { get; private set; }
    // What it offers (ListingSupply): null until a Directory that sends them says.
    public bool? Free { get; private set; }
    public bool? Accessible { get; private set; }
    public bool? Evening { get; private set; }
    public bool? Weekend { get; private set; }
    public int? Spaces { get; private set; }
    public DateTimeOffset? LastVerifiedAt { get; private set; }
    public bool Removed { get; private set; }
    public DateTimeOffset UpdatedAt { get; private set; }

    private InsightActivity() { }

    public InsightActivity(Guid serviceId) => ServiceId = serviceId;

    public void Apply(string name, ReferralAcceptance accepting, IReadOnlyList<string> wards, IReadOnlyList<string>? categories, DateTimeOffset at,
        string? provider = null, ListingSupply? supply = null)
    {
        if (at < UpdatedAt) return;
        Name = name;
        if (provider is { Length: > 0 }) Provider = provider[..Math.Min(200, provider.Length)];
        // An older Directory's event carries no supply facts: what is held stands.
        if (supply is not null)
            (Free, Accessible, Evening, Weekend, Spaces, LastVerifiedAt) = (supply.Free, supply.Accessible, supply.Evening, supply.Weekend, supply.Spaces, supply.LastVerifiedAt);
        AcceptingReferrals = accepting.ToString().ToLowerInvariant();
        Wards = Join(wards);
        // An older Directory's event carries no categories: what is held stands.
        if (categories is not null) Categories = Join(categories);
        UpdatedAt = at;
    }

    public void Accepting(ReferralAcceptance accepting, int? spaces, DateTimeOffset at)
    {
        if (at < UpdatedAt) return;
        AcceptingReferrals = accepting.ToString().ToLowerInvariant();
        Spaces = spaces;
        UpdatedAt = at;
    }

    public void Remove(DateTimeOffset at) => Removed = true; // removal is final, whenever it arrives

    /// <summary>A snapshot's listing (backfill), as of its last change: a newer live event already applied stands.</summary>
    public void Apply(Contracts.Insights.ListingFacts facts)
    {
        Apply(facts.Name, facts.AcceptingReferrals, facts.Wards, facts.TaxonomyTerms, facts.UpdatedAt, facts.OrganisationName, facts.Supply);
        if (facts.Removed) Remove(facts.UpdatedAt);
    }

    public IReadOnlyList<string> WardList => Split(Wards);
    public IReadOnlyList<string> CategoryList => Split(Categories);

    public static string Join(IEnumerable<string> values) => "|" + string.Concat(values.Where(v => v.Length > 0).Distinct().Select(v => v + "|"));
    public static IReadOnlyList<string> Split(string joined) => joined.Split('|', StringSplitOptions.RemoveEmptyEntries);
}

/// <summary>One search (keyed on the Directory's SearchId, so a redelivered event is the same row).</summary>
public sealed class InsightSearch
{
    public Guid SearchId { get; private set; }
    public DateTimeOffset At { get; private set; }
    /// <summary>The UK day of <see cref="At"/>: what the period filter and the weeks and months group on.</summary>
    public DateOnly Day { get; private set; }
    public string? Ward { get; private set; }
    public string Categories { get; private set; } = "|";
    public int ResultCount { get; private set; }
    public bool Miss { get; private set; }
    public bool AnyWordFallback { get; private set; }
    public string UnmatchedWords { get; private set; } = "|";
    /// <summary>Someone who searched told the hub that nothing was found for its words (<see cref="SearchGapReported"/>).</summary>
    public bool ToldHub { get; private set; }

    private InsightSearch() { }

    public void Told() => ToldHub = true;

    public InsightSearch(SearchPerformed searched, IReadOnlyList<string> screenedWords)
    {
        SearchId = searched.SearchId;
        At = searched.OccurredAt;
        Day = UkDay(At);
        Ward = searched.Ward is { Length: > 0 } ward ? ward[..Math.Min(100, ward.Length)] : null;
        Categories = InsightActivity.Join(SearchWordScreen.Categories(searched.Categories));
        ResultCount = searched.ResultCount;
        Miss = searched.Miss || searched.ResultCount == 0 || searched.AnyWordFallback;
        AnyWordFallback = searched.AnyWordFallback;
        UnmatchedWords = InsightActivity.Join(screenedWords.Take(10));
    }

    /// <summary>The UK calendar day an instant falls on (GMT or BST), not the UTC one.</summary>
    public static DateOnly UkDay(DateTimeOffset at) => DateOnly.FromDateTime(UkTime.Local(at));
}

/// <summary>
/// A referral's way through the funnel: the earliest time it was seen reaching each stage. Attendance and outcomes are
/// kept apart (<see cref="InsightSession"/>, <see cref="InsightOutcome"/>) and joined when asked, so either may arrive first.
/// </summary>
public sealed class InsightReferral
{
    public Guid ReferralId { get; private set; }
    public Guid ServiceId { get; private set; }
    public string? Team { get; private set; }
    public DateTimeOffset? RequestedAt { get; private set; }
    public DateTimeOffset? AcceptedAt { get; private set; }
    public DateTimeOffset? RejectedAt { get; private set; }
    public DateTimeOffset? StartedAt { get; private set; }
    public DateTimeOffset? CompletedAt { get; private set; }
    /// <summary>The earliest event seen: the referral's date for the period filter until its "requested" arrives.</summary>
    public DateTimeOffset FirstSeenAt { get; private set; } = DateTimeOffset.MaxValue;
    public bool EnteredInError { get; private set; }
    /// <summary>It left draft: only sent referrals are in the funnel.</summary>
    public bool Sent { get; private set; }
    /// <summary>The UK day of <see cref="ReferredAt"/>: what the period filter groups on (kept with every change).</summary>
    public DateOnly Day { get; private set; }
    /// <summary>
    /// Request to the provider's first answer (accepted or declined) in tenths of a day, rounded as the tables show it;
    /// none until both are known (or if the answer is dated before the request). Kept with every change, so the
    /// percentiles can be taken from counts per tenth in SQL: rounding first gives the same nearest-rank percentile.
    /// </summary>
    public int? ResponseTenths { get; private set; }

    private InsightReferral() { }

    public InsightReferral(Guid referralId) => ReferralId = referralId;

    public void Apply(ReferralStatusChanged changed) => Apply(changed.ServiceId, changed.ReferrerTeam, changed.ToStatus, changed.OccurredAt);

    /// <summary>A snapshot's path (backfill): each stage it reached, applied as its live event would be.</summary>
    public void Apply(Contracts.Insights.ReferralFacts facts)
    {
        foreach (var stage in facts.Stages) Apply(facts.ServiceId, facts.ReferrerTeam, stage.Status, stage.At);
    }

    /// <summary>The referral reached <paramref name="toStatus"/> at <paramref name="at"/>: the earliest time of each stage stands.</summary>
    public void Apply(Guid serviceId, string? referrerTeam, string toStatus, DateTimeOffset at)
    {
        ServiceId = serviceId;
        Team ??= referrerTeam is { Length: > 0 } team ? team[..Math.Min(100, team.Length)] : null;
        if (at < FirstSeenAt) FirstSeenAt = at;
        if (toStatus == ReferralStatuses.Draft) return;
        Sent = true;
        switch (toStatus)
        {
            case ReferralStatuses.Requested: RequestedAt = Earliest(RequestedAt, at); break;
            case ReferralStatuses.Accepted: AcceptedAt = Earliest(AcceptedAt, at); break;
            case ReferralStatuses.Rejected: RejectedAt = Earliest(RejectedAt, at); break;
            case ReferralStatuses.InProgress: StartedAt = Earliest(StartedAt, at); break;
            case ReferralStatuses.Completed: CompletedAt = Earliest(CompletedAt, at); break;
            case ReferralStatuses.EnteredInError: EnteredInError = true; break;
        }
        Refresh();
    }

    /// <summary>Works out the kept <see cref="Day"/> and <see cref="ResponseTenths"/> from the stage times.</summary>
    public void Refresh()
    {
        Day = FirstSeenAt == DateTimeOffset.MaxValue && RequestedAt is null ? default : InsightSearch.UkDay(ReferredAt);
        var answered = (AcceptedAt, RejectedAt) switch
        {
            ({ } a, { } d) => a < d ? a : d,
            (var a, var d) => a ?? d,
        };
        ResponseTenths = RequestedAt is { } requested && answered is { } at && at >= requested
            ? (int)Math.Round(Math.Round((at - requested).TotalDays, 1) * 10)
            : null;
    }

    /// <summary>When it entered the funnel: its request, else the earliest event seen so far.</summary>
    public DateTimeOffset ReferredAt => RequestedAt ?? FirstSeenAt;

    private static DateTimeOffset Earliest(DateTimeOffset? held, DateTimeOffset at) => held is { } h && h <= at ? h : at;
}

/// <summary>One attendance record (a referral's session date); the newest record of a date stands.</summary>
public sealed class InsightSession
{
    public Guid ReferralId { get; private set; }
    public DateOnly SessionDate { get; private set; }
    public Guid ServiceId { get; private set; }
    public string Status { get; private set; } = "";
    public DateTimeOffset RecordedAt { get; private set; }

    private InsightSession() { }

    public InsightSession(Guid referralId, DateOnly sessionDate) => (ReferralId, SessionDate) = (referralId, sessionDate);

    public void Apply(Guid serviceId, string status, DateTimeOffset at)
    {
        if (at < RecordedAt) return;
        (ServiceId, Status, RecordedAt) = (serviceId, status, at);
    }
}

/// <summary>One outcome measure of a referral at a stage (baseline, follow-up): totals only; the newest stands.</summary>
public sealed class InsightOutcome
{
    public Guid ReferralId { get; private set; }
    public string Stage { get; private set; } = "";
    public int? Ons4Total { get; private set; }
    public int? LonelinessTotal { get; private set; }
    public DateTimeOffset RecordedAt { get; private set; }

    private InsightOutcome() { }

    public InsightOutcome(Guid referralId, string stage) => (ReferralId, Stage) = (referralId, stage);

    public void Apply(int? ons4, int? loneliness, DateTimeOffset at)
    {
        if (at < RecordedAt) return;
        (Ons4Total, LonelinessTotal, RecordedAt) = (ons4, loneliness, at);
    }
}

internal sealed class InsightConfiguration :
    IEntityTypeConfiguration<InsightActivity>, IEntityTypeConfiguration<InsightSearch>, IEntityTypeConfiguration<InsightReferral>,
    IEntityTypeConfiguration<InsightSession>, IEntityTypeConfiguration<InsightOutcome>
{
    public void Configure(EntityTypeBuilder<InsightActivity> activity)
    {
        activity.ToTable("insight_activities");
        activity.HasKey(a => a.ServiceId);
        activity.Property(a => a.ServiceId).ValueGeneratedNever();
        activity.Property(a => a.Name).HasMaxLength(200);
        activity.Property(a => a.Wards).HasMaxLength(2000);
        activity.Property(a => a.Categories).HasMaxLength(2000);
        activity.Property(a => a.AcceptingReferrals).HasMaxLength(20);
        activity.Property(a => a.Provider).HasMaxLength(200);
        activity.Ignore(a => a.WardList);
        activity.Ignore(a => a.CategoryList);
    }

    public void Configure(EntityTypeBuilder<InsightSearch> search)
    {
        search.ToTable("insight_searches");
        search.HasKey(s => s.SearchId);
        search.Property(s => s.SearchId).ValueGeneratedNever();
        search.Property(s => s.Ward).HasMaxLength(100);
        search.Property(s => s.Categories).HasMaxLength(2100);
        search.Property(s => s.UnmatchedWords).HasMaxLength(400);
        search.HasIndex(s => s.At);
        search.HasIndex(s => s.Day);
    }

    public void Configure(EntityTypeBuilder<InsightReferral> referral)
    {
        referral.ToTable("insight_referrals");
        referral.HasKey(r => r.ReferralId);
        referral.Property(r => r.ReferralId).ValueGeneratedNever();
        referral.Property(r => r.Team).HasMaxLength(100);
        referral.HasIndex(r => r.RequestedAt);
        referral.HasIndex(r => r.FirstSeenAt);
        referral.HasIndex(r => r.Day);
        referral.Ignore(r => r.ReferredAt);
    }

    public void Configure(EntityTypeBuilder<InsightSession> session)
    {
        session.ToTable("insight_sessions");
        session.HasKey(s => new { s.ReferralId, s.SessionDate });
        session.Property(s => s.Status).HasMaxLength(20);
    }

    public void Configure(EntityTypeBuilder<InsightOutcome> outcome)
    {
        outcome.ToTable("insight_outcomes");
        outcome.HasKey(o => new { o.ReferralId, o.Stage });
        outcome.Property(o => o.Stage).HasMaxLength(20);
    }
}
