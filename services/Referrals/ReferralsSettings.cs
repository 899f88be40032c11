namespace ReferralsService;

/// <summary>The "Referrals" configuration section.</summary>
public sealed class ReferralsSettings
{
    public const string Section = "Referrals";

    /// <summary>A requested referral with no provider answer after this many days is escalated.</summary>
    public int ResponseDeadlineDays { get; set; } = 14;
    /// <summary>The provider is reminded this many days before the deadline.</summary>
    public int ReminderBeforeDays { get; set; } = 3;
    /// <summary>Closed referrals lose their personal data this many days after closing (0 turns retention off).</summary>
    public int AnonymiseClosedAfterDays { get; set; } = 365;
    /// <summary>How often the deadline and retention sweeps run.</summary>
    public TimeSpan SweepInterval { get; set; } = TimeSpan.FromMinutes(5);
    /// <summary>
    /// Feedback's /fhir base, where a Task's attendance Encounters and outcome Observations are read (Task.output links
    /// there); unset, the base the Task was read at (one /fhir in the embedded host).
    /// </summary>
    public string? FeedbackFhirBaseUrl { get; set; }

    public TimeSpan ResponseWindow => TimeSpan.FromDays(ResponseDeadlineDays);
    public TimeSpan ReminderBefore => TimeSpan.FromDays(ReminderBeforeDays);
}
