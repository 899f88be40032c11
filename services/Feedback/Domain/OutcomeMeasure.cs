using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace FeedbackService.Domain;

public static class OutcomeStage
{
    public const string Baseline = "baseline";
    public const string FollowUp = "follow-up";
    public static readonly string[] All = [Baseline, FollowUp];
}

/// <summary>
/// ONS4 personal wellbeing: four questions each 0 (not at all) to 10 (completely). Higher is better for the first
/// three; for anxiety lower is better, so it is reported on its own, never summed with the others.
/// </summary>
public sealed record Ons4(int LifeSatisfaction, int Worthwhile, int Happiness, int Anxiety)
{
    public const int Min = 0, Max = 10;
}

/// <summary>UCLA three-item loneliness scale: each item 1 (hardly ever) to 3 (often); total 3 to 9, higher is lonelier.</summary>
public sealed record Loneliness(int Companionship, int LeftOut, int Isolated)
{
    public const int Min = 1, Max = 3;
    public int Total => Companionship + LeftOut + Isolated;
}

/// <summary>One completed set of measures at one stage of a referral.</summary>
public sealed class OutcomeMeasure
{
    public Guid Id { get; private set; }
    public Guid ReferralId { get; private set; }
    public string Stage { get; private set; } = "";
    public Ons4 Ons4 { get; private set; } = null!;
    public Loneliness Loneliness { get; private set; } = null!;
    /// <summary>"provider" or "person" (through a one-time link).</summary>
    public string EnteredBy { get; private set; } = "";
    public DateTimeOffset RecordedAt { get; private set; }

    private OutcomeMeasure() { }

    public OutcomeMeasure(Guid referralId, string stage, Ons4 ons4, Loneliness loneliness, string enteredBy, DateTimeOffset at)
    {
        Id = Guid.CreateVersion7();
        ReferralId = referralId;
        Stage = stage;
        Ons4 = ons4;
        Loneliness = loneliness;
        EnteredBy = enteredBy;
        RecordedAt = at;
    }

    /// <summary>The three "higher is better" ONS4 items summed (0-30), as commissioners' reports usually show.</summary>
    public int Ons4PositiveTotal => Ons4.LifeSatisfaction + Ons4.Worthwhile + Ons4.Happiness;
}

/// <summary>The change between baseline and follow-up: positive numbers are improvements on every line.</summary>
public sealed record OutcomeChange(int LifeSatisfaction, int Worthwhile, int Happiness, int AnxietyReduction, int LonelinessReduction)
{
    public static OutcomeChange? Between(OutcomeMeasure? baseline, OutcomeMeasure? followUp) =>
        baseline is null || followUp is null ? null : new OutcomeChange(
            followUp.Ons4.LifeSatisfaction - baseline.Ons4.LifeSatisfaction,
            followUp.Ons4.Worthwhile - baseline.Ons4.Worthwhile,
            followUp.Ons4.Happiness - baseline.Ons4.Happiness,
            baseline.Ons4.Anxiety - followUp.Ons4.Anxiety,
            baseline.Loneliness.Total - followUp.Loneliness.Total);
}

/// <summary>
/// A one-time link for the person to enter their own measures. Only a hash of the token is stored, so a copy of
/// the database cannot be used to submit answers.
/// </summary>
public sealed class OutcomeLink
{
    public string TokenHash { get; private set; } = "";
    public Guid ReferralId { get; private set; }
    public string Stage { get; private set; } = "";
    public string CreatedBy { get; private set; } = "";
    public DateTimeOffset CreatedAt { get; private set; }
    public DateTimeOffset ExpiresAt { get; private set; }
    public DateTimeOffset? UsedAt { get; private set; }

    private OutcomeLink() { }

    public static (OutcomeLink Link, string Token) Create(Guid referralId, string stage, string createdBy, DateTimeOffset at, TimeSpan lifetime)
    {
        var token = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).Replace('+', '-').Replace('/', '_').TrimEnd('=');
        return (new OutcomeLink
        {
            TokenHash = Hash(token), ReferralId = referralId, Stage = stage, CreatedBy = createdBy,
            CreatedAt = at, ExpiresAt = at + lifetime,
        }, token);
    }

    public static string Hash(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    public void Use(DateTimeOffset at)
    {
        if (UsedAt is not null) throw new BuildingBlocks.Web.ConflictException("This link has already been used.");
        if (at > ExpiresAt) throw new BuildingBlocks.Web.ConflictException("This link has expired. Please ask the group for a new one.");
        UsedAt = at;
    }
}

internal sealed class OutcomeMeasureConfiguration : IEntityTypeConfiguration<OutcomeMeasure>
{
    public void Configure(EntityTypeBuilder<OutcomeMeasure> outcome)
    {
        outcome.ToTable("outcome_measures");
        outcome.HasKey(o => o.Id);
        outcome.Property(o => o.Id).ValueGeneratedNever();
        outcome.HasIndex(o => new { o.ReferralId, o.Stage }).IsUnique();
        outcome.Property(o => o.Stage).HasMaxLength(20);
        outcome.Property(o => o.EnteredBy).HasMaxLength(20);
        outcome.OwnsOne(o => o.Ons4);
        outcome.OwnsOne(o => o.Loneliness);
        outcome.Ignore(o => o.Ons4PositiveTotal);
    }
}

internal sealed class OutcomeLinkConfiguration : IEntityTypeConfiguration<OutcomeLink>
{
    public void Configure(EntityTypeBuilder<OutcomeLink> link)
    {
        link.ToTable("outcome_links");
        link.HasKey(l => l.TokenHash);
        link.Property(l => l.TokenHash).HasMaxLength(64);
        link.Property(l => l.Stage).HasMaxLength(20);
        link.Property(l => l.CreatedBy).HasMaxLength(200);
        link.HasIndex(l => l.ReferralId);
    }
}
