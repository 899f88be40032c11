using BuildingBlocks.Auth;
using BuildingBlocks.Time;
using BuildingBlocks.Web;
using Contracts.Referrals;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace FeedbackService.Domain;

/// <summary>
/// What Feedback knows of a referral, fed by Referrals' events: who has a right to it (<see cref="ReferralRights"/>:
/// the referrer's side and the receiving provider), what the person consented to (the newest consent event wins),
/// and the contact details of the channels they consented to, for messages to them only.
/// </summary>
public sealed class Referral
{
    public Guid Id { get; private set; }
    public Guid ServiceId { get; private set; }
    public Guid ProviderOrganisationId { get; private set; }
    public string ReferrerId { get; private set; } = "";
    public string? ReferrerRole { get; private set; }
    public string? ReferrerTeam { get; private set; }
    public string Status { get; private set; } = ReferralStatuses.Draft;
    public bool ShareOutcomesWithReferrer { get; private set; }
    public DateTimeOffset StatusChangedAt { get; private set; }
    /// <summary>When the consent Feedback holds was recorded; an older consent (or status) event does not overwrite it.</summary>
    public DateTimeOffset? ConsentChangedAt { get; private set; }
    /// <summary>
    /// When the referral was made: the time of the first event Referrals publishes of it (draft to requested, when it is
    /// sent). Events can arrive out of order, so until that one has, the earliest seen stands in for it. Null only for
    /// rows from before this was kept.
    /// </summary>
    public DateTimeOffset? MadeAt { get; private set; }
    public DateTimeOffset? AcceptedAt { get; private set; }
    public DateTimeOffset? FirstSessionAt { get; private set; }

    public string? FirstName { get; private set; }
    /// <summary>The channel consented most recently: the one used when more than one is (<see cref="PersonContact"/>).</summary>
    public string? ContactChannel { get; private set; }
    public string? ContactEmail { get; private set; }
    public string? ContactPhone { get; private set; }
    /// <summary>The postal address for letters, as Referrals laid it out (<see cref="PostalLines"/>), while the person agrees to letters.</summary>
    public string? ContactAddress { get; private set; }

    private Referral() { }

    public Referral(Guid id) => Id = id;

    /// <summary>Applies a status change; an older event arriving late does not roll the status (or the consent) back.</summary>
    public bool Apply(ReferralStatusChanged change)
    {
        ServiceId = change.ServiceId;
        ProviderOrganisationId = change.ProviderOrganisationId;
        ReferrerId = change.ReferrerId;
        ReferrerRole = change.ReferrerRole ?? ReferrerRole;
        ReferrerTeam = change.ReferrerTeam ?? ReferrerTeam;
        if (change.ToStatus == ReferralStatuses.Accepted && AcceptedAt is null) AcceptedAt = change.OccurredAt;
        if (MadeAt is null || change.OccurredAt < MadeAt) MadeAt = change.OccurredAt;
        if (ConsentChangedAt is null || change.OccurredAt > ConsentChangedAt) ShareOutcomesWithReferrer = change.ShareOutcomesWithReferrer;
        if (change.OccurredAt < StatusChangedAt) return false;
        Status = change.ToStatus;
        StatusChangedAt = change.OccurredAt;
        return true;
    }

    /// <summary>
    /// Replaces the consent held with a newer one: a withdrawn channel's address is forgotten at once, so it can never
    /// be used again. Returns the channels withdrawn by this change (false when the event is older than what is held).
    /// </summary>
    public bool ApplyConsent(ReferralConsentChanged consent, out IReadOnlyList<string> withdrawnChannels)
    {
        withdrawnChannels = [];
        if (ConsentChangedAt is { } held && consent.OccurredAt < held) return false;
        var withdrawn = new List<string>();
        if (ContactEmail is not null && !consent.ContactByEmail) withdrawn.Add(Channels.Email);
        if (ContactPhone is not null && !consent.ContactBySms) withdrawn.Add(Channels.Sms);
        if (ContactAddress is not null && !consent.ContactByPost) withdrawn.Add(Channels.Letter);
        var address = consent.ContactByPost ? PostalLines.Join(consent.PostalAddress) : null;
        var added = consent.ContactByEmail && ContactEmail is null ? Channels.Email
            : consent.ContactBySms && ContactPhone is null ? Channels.Sms
            : address is not null && ContactAddress is null ? Channels.Letter : null;

        ShareOutcomesWithReferrer = consent.ShareOutcomesWithReferrer;
        FirstName = consent.FirstName;
        ContactEmail = consent.ContactByEmail ? consent.Email : null;
        ContactPhone = consent.ContactBySms ? consent.Phone : null;
        ContactAddress = address;
        ContactChannel = added ?? ContactChannel;
        ConsentChangedAt = consent.OccurredAt;
        withdrawnChannels = withdrawn;
        return true;
    }

    /// <summary>
    /// Referrals anonymised the referral (retention, or the person's erasure request): the name and addresses go, and
    /// no consent event older than this can bring them back.
    /// </summary>
    public void ForgetPerson(DateTimeOffset at)
    {
        FirstName = null;
        ContactEmail = null;
        ContactPhone = null;
        ContactAddress = null;
        ContactChannel = null;
        if (ConsentChangedAt is null || ConsentChangedAt < at) ConsentChangedAt = at;
    }

    /// <summary>
    /// The consented address to reach the person on: the most recently consented channel while it stands, else the
    /// others (email, then text, then a letter: the quickest to arrive first); null when they agreed to no contact (a
    /// withdrawn channel's address is already gone).
    /// </summary>
    public (string Channel, string Address)? PersonContact() =>
        Contact(ContactChannel) ?? Contact(Channels.Email) ?? Contact(Channels.Sms) ?? Contact(Channels.Letter);

    /// <summary>The consented address on <paramref name="channel"/>, if any.</summary>
    public string? AddressOn(string channel) => Contact(channel)?.Address;

    private (string Channel, string Address)? Contact(string? channel) => channel switch
    {
        Channels.Email when ContactEmail is not null => (Channels.Email, ContactEmail),
        Channels.Sms when ContactPhone is not null => (Channels.Sms, ContactPhone),
        Channels.Letter when ContactAddress is not null => (Channels.Letter, ContactAddress),
        _ => null,
    };

    public void ScheduleFirstSession(DateTimeOffset at) => FirstSessionAt = at;

    public bool IsProviderStaff(CurrentUser user) => user.IsReceivingProvider(ProviderOrganisationId);

    public bool IsReferrerSide(CurrentUser user) => user.IsReferrerSide(ReferrerId, ReferrerRole, ReferrerTeam);

    /// <summary>Whether the referrer hears of this message: attendance and outcomes only where the person agreed.</summary>
    public bool ReferrerMayHearOf(string toStatus) => ShareOutcomesWithReferrer || !ReferralStatuses.RevealsAttendance(toStatus);

    public DateTimeOffset? FollowUpDue(int followUpWeeks) => AcceptedAt?.AddDays(7 * followUpWeeks);

    /// <summary>Only the receiving provider's staff record attendance and outcomes; a stranger cannot tell the referral exists.</summary>
    public void EnsureProviderStaff(CurrentUser user)
    {
        if (IsProviderStaff(user)) return;
        if (IsReferrerSide(user)) throw new ForbiddenException("Only staff of the receiving organisation can record this.");
        throw ReferralRights.NoRight(Id);
    }

    /// <summary>The provider always; the referrer's side only where the person agreed to share attendance and outcomes.</summary>
    public void EnsureMayReadSummary(CurrentUser user)
    {
        if (IsProviderStaff(user)) return;
        if (!IsReferrerSide(user)) throw ReferralRights.NoRight(Id);
        if (!ShareOutcomesWithReferrer)
            throw new ForbiddenException("The person did not agree to share attendance and outcomes with the referrer.");
    }

    /// <summary>
    /// Whether the caller may see this referral's attendance and outcomes (the FHIR Encounters and Observations): the
    /// provider always, the referrer's side only while the person's consent to share them with the referrer stands.
    /// </summary>
    public bool MayReadOutcomes(CurrentUser user) => IsProviderStaff(user) || (IsReferrerSide(user) && ShareOutcomesWithReferrer);

    /// <summary>What this caller may do now (<see cref="FeedbackActions"/>), so clients need not re-derive the rules.</summary>
    public IReadOnlyList<string> ActionsFor(CurrentUser user, int outcomeStagesRecorded)
    {
        if (!IsProviderStaff(user)) return [];
        var actions = new List<string>();
        if (ReferralStatuses.Attendable.Contains(Status)) actions.AddRange([FeedbackActions.RecordAttendance, FeedbackActions.ScheduleFirstSession]);
        if (ReferralStatuses.Measurable.Contains(Status) && outcomeStagesRecorded < OutcomeStage.All.Length)
            actions.AddRange([FeedbackActions.RecordOutcome, FeedbackActions.CreateOutcomeLink]);
        return actions;
    }

    public void EnsureAttendable()
    {
        if (!ReferralStatuses.Attendable.Contains(Status))
            throw new RuleViolationException($"Attendance can only be recorded once the referral is accepted (it is {Status}).");
    }

    /// <summary>
    /// Attendance is for a session that has happened while the person was referred: on a day from the one the referral
    /// was made to today, both as the UK's calendar has them (sessions are local: a session on the evening of the 5th
    /// is on the 5th, whatever UTC says). A row from before the day made was kept falls back to the day it was accepted.
    /// </summary>
    public void EnsureSessionHappened(DateOnly sessionDate, DateTimeOffset now)
    {
        var today = DateOnly.FromDateTime(UkTime.Local(now));
        if (sessionDate > today)
            throw SessionDateRefused($"Attendance can only be recorded for a session that has happened: {Iso(sessionDate)} is after today ({Iso(today)}).");
        if ((MadeAt ?? AcceptedAt) is { } made && DateOnly.FromDateTime(UkTime.Local(made)) is var madeOn && sessionDate < madeOn)
            throw SessionDateRefused($"Attendance can only be recorded for a session on or after the day the referral was made ({Iso(madeOn)}); {Iso(sessionDate)} is before it.");
    }

    private static RuleViolationException SessionDateRefused(string message) =>
        new(message, new Dictionary<string, string[]> { ["sessionDate"] = [message] });

    private static string Iso(DateOnly day) => day.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    public void EnsureMeasurable()
    {
        if (!ReferralStatuses.Measurable.Contains(Status))
            throw new RuleViolationException($"Outcomes can only be recorded once the referral is accepted (it is {Status}).");
    }
}

/// <summary>What a caller may do with a referral in Feedback, as the API names it.</summary>
public static class FeedbackActions
{
    public const string RecordAttendance = "record-attendance";
    public const string ScheduleFirstSession = "schedule-first-session";
    public const string RecordOutcome = "record-outcome";
    public const string CreateOutcomeLink = "create-outcome-link";
}

internal sealed class ReferralConfiguration : IEntityTypeConfiguration<Referral>
{
    public void Configure(EntityTypeBuilder<Referral> referral)
    {
        referral.HasKey(r => r.Id);
        referral.Property(r => r.Id).ValueGeneratedNever();
        referral.Property(r => r.ReferrerId).HasMaxLength(200);
        referral.Property(r => r.ReferrerRole).HasMaxLength(30);
        referral.Property(r => r.ReferrerTeam).HasMaxLength(200);
        referral.Property(r => r.Status).HasMaxLength(30);
        referral.Property(r => r.FirstName).HasMaxLength(100);
        referral.Property(r => r.ContactChannel).HasMaxLength(10);
        referral.Property(r => r.ContactEmail).HasMaxLength(320);
        referral.Property(r => r.ContactPhone).HasMaxLength(40);
        referral.Property(r => r.ContactAddress).HasMaxLength(PostalLines.MaxLength);
    }
}
