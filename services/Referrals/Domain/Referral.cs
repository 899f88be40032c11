using BuildingBlocks.Auth;
using BuildingBlocks.Web;
using Contracts.Feedback;
using Contracts.Referrals;

namespace ReferralsService.Domain;

/// <summary>
/// One person referred to one service. Every change goes through a method here, which checks who may do it from
/// which state (<see cref="Lifecycle"/>), keeps the timeline, and queues the integration events to publish.
/// </summary>
public sealed class Referral
{
    private readonly List<ReferralTransition> _timeline = [];
    private readonly List<object> _events = [];

    public Guid Id { get; private set; }
    public Guid ServiceId { get; private set; }
    public string ServiceName { get; private set; } = "";
    public Guid ProviderOrganisationId { get; private set; }
    public string ReferrerId { get; private set; } = "";
    public string ReferrerName { get; private set; } = "";
    /// <summary>"practitioner", or "resident" for a self-referral.</summary>
    public string ReferrerRole { get; private set; } = "";
    public string? ReferrerTeam { get; private set; }
    /// <summary>
    /// The referrer's team had chosen to hear all its referrals' news when this one was made: decided once, here, so
    /// a later change of the team's setting applies to its new referrals and never rewrites who an old one told.
    /// </summary>
    public bool TellReferrerTeam { get; private set; }
    public string? Reason { get; private set; }
    public ReferralStatus Status { get; private set; }
    public Person Person { get; private set; } = null!;
    public Consent? Consent { get; private set; }
    /// <summary>Normalised name and date of birth (<see cref="PersonMatch.NameKey"/>), for duplicate checks.</summary>
    public string NameKey { get; private set; } = "";
    public DateTimeOffset CreatedAt { get; private set; }
    public DateTimeOffset? RequestedAt { get; private set; }
    public DateTimeOffset? ResponseDueAt { get; private set; }
    public DateTimeOffset? ClosedAt { get; private set; }
    /// <summary>The service was taking referrals onto a waitlist when this one was made.</summary>
    public bool Waitlisted { get; private set; }
    public DateTimeOffset? ReminderSentAt { get; private set; }
    public DateTimeOffset? EscalatedAt { get; private set; }
    public string? ServiceUnavailableNote { get; private set; }
    public string? ServiceUnavailableAlternative { get; private set; }
    public int SessionsAttended { get; private set; }
    public DateOnly? LastAttendedOn { get; private set; }
    public int ConsecutiveNoShows { get; private set; }
    public DateTimeOffset? AnonymisedAt { get; private set; }
    /// <summary>Optimistic concurrency: two racing transitions cannot both win.</summary>
    public int Version { get; private set; }

    public IReadOnlyList<ReferralTransition> Timeline => _timeline.OrderBy(t => t.Sequence).ToList();

    private Referral() { }

    public static Referral Draft(Guid id, ReferrableService service, CurrentUser referrer, Person person, string? reason,
        DateTimeOffset at)
    {
        var referral = new Referral
        {
            Id = id,
            ServiceId = service.ServiceId,
            ServiceName = service.Name,
            ProviderOrganisationId = service.OrganisationId,
            ReferrerId = referrer.Id,
            ReferrerName = referrer.Name,
            ReferrerRole = referrer.Role,
            ReferrerTeam = referrer.Team,
            TellReferrerTeam = referrer.Team is not null && referrer.TellsWholeTeam,
            Reason = string.IsNullOrWhiteSpace(reason) ? null : reason.Trim(),
            Status = ReferralStatus.Draft,
            Person = person,
            NameKey = PersonMatch.NameKey(person.GivenName, person.FamilyName, person.DateOfBirth),
            CreatedAt = at,
            Waitlisted = service.AcceptingReferrals == Contracts.Directory.ReferralAcceptance.Waitlist,
        };
        referral._timeline.Add(new ReferralTransition(0, null, ReferralStatus.Draft, referrer.Id, ReferralParty.Referrer, at, null, null));
        return referral;
    }

    // ---- who is asking

    /// <summary>
    /// The caller's side of this referral, or null for anyone with no right to it (<see cref="ReferralRights"/>);
    /// provider staff of the receiving organisation see it once it has been requested.
    /// </summary>
    public ReferralParty? PartyOf(CurrentUser user)
    {
        if (user.IsReferrerSide(ReferrerId, ReferrerRole, ReferrerTeam)) return ReferralParty.Referrer;
        if (user.IsReceivingProvider(ProviderOrganisationId) && Status != ReferralStatus.Draft) return ReferralParty.Provider;
        return null;
    }

    /// <summary>Whether this side may see who the person is: the provider only while the person's consent to share with it stands.</summary>
    public bool SharesPersonWith(ReferralParty party) => party != ReferralParty.Provider || Consent?.ShareWithProvider == true;

    public IReadOnlyList<ReferralAction> AllowedActions(ReferralParty party) => Lifecycle.AllowedActions(Status, party);

    public bool IsOverdue(DateTimeOffset now) => Status == ReferralStatus.Requested && now >= ResponseDueAt;

    // ---- consent

    /// <summary>
    /// Records the consent as it now stands. It can be withdrawn, in whole or in part, at any time, also once the
    /// referral is closed (outcomes and messages may still follow); widening it needs an open referral.
    /// </summary>
    public void RecordConsent(Consent consent, ReferralParty party)
    {
        if (party != ReferralParty.Referrer) throw new ForbiddenException("Only the referrer records the person's consent.");
        if (AnonymisedAt is not null || (!Lifecycle.IsOpen(Status) && !consent.OnlyWithdrawsFrom(Consent)))
            throw new ConflictException("Consent can only be withdrawn, not widened, on a closed referral.",
                new Dictionary<string, object?> { ["currentStatus"] = Lifecycle.Kebab(Status) });
        EnsureChannelsReachable(consent);
        Consent = consent;
        Version++;
        if (Status != ReferralStatus.Draft) QueueConsentChanged(consent.RecordedAt);
    }

    private void EnsureChannelsReachable(Consent consent)
    {
        var errors = new Dictionary<string, string[]>();
        if (consent.ContactBySms && Person.Phone is null) errors["consent.contactBySms"] = ["SMS contact needs the person's phone number."];
        if (consent.ContactByEmail && Person.Email is null) errors["consent.contactByEmail"] = ["Email contact needs the person's email address."];
        if (consent.ContactByPost && PostalAddress.Of(Person) is null)
            errors["consent.contactByPost"] = ["Letters need the person's postal address, ending with its postcode: give it as their contact route (by post or a home visit)."];
        if (errors.Count > 0) throw new RuleViolationException("The consented contact route has no contact details.", errors);
    }

    // ---- transitions

    public void Request(ReferralParty party, string by, DateTimeOffset at, TimeSpan responseWindow)
    {
        var to = Check(ReferralAction.Request, party);
        if (Consent is null)
            throw new RuleViolationException("The person's consent must be recorded before the referral is requested.",
                new Dictionary<string, string[]> { ["consent"] = ["Record who consented, how and when, and what may be shared."] });
        if (!Consent.ShareWithProvider)
            throw new RuleViolationException("The person has not agreed to share their details with the provider.",
                new Dictionary<string, string[]> { ["consent.shareWithProvider"] = ["A referral cannot be sent without consent to share with the provider."] });
        Move(to, party, by, at, null, null);
        RequestedAt = at;
        ResponseDueAt = at + responseWindow;
        QueueConsentChanged(at);
    }

    public void Accept(ReferralParty party, string by, DateTimeOffset at) => Move(Check(ReferralAction.Accept, party), party, by, at, null, null);

    public void Reject(ReferralParty party, RejectionReason reason, string? note, string by, DateTimeOffset at) =>
        Move(Check(ReferralAction.Reject, party), party, by, at, Lifecycle.Kebab(reason), note);

    public void Start(ReferralParty party, string by, DateTimeOffset at) => Move(Check(ReferralAction.Start, party), party, by, at, null, null);

    public void Hold(ReferralParty party, string by, DateTimeOffset at, string? note = null) =>
        Move(Check(ReferralAction.Hold, party), party, by, at, null, note);

    public void Complete(ReferralParty party, string by, DateTimeOffset at) => Move(Check(ReferralAction.Complete, party), party, by, at, null, null);

    public void Fail(ReferralParty party, FailureReason reason, string? note, string by, DateTimeOffset at) =>
        Move(Check(ReferralAction.Fail, party), party, by, at, Lifecycle.Kebab(reason), note);

    public void Cancel(ReferralParty party, string reason, string by, DateTimeOffset at) =>
        Move(Check(ReferralAction.Cancel, party), party, by, at, Required(reason), null);

    public void MarkEnteredInError(ReferralParty party, string reason, string by, DateTimeOffset at) =>
        Move(Check(ReferralAction.EnteredInError, party), party, by, at, Required(reason), null);

    private ReferralStatus Check(ReferralAction action, ReferralParty party)
    {
        if (!Lifecycle.MayEver(action, party))
            throw new ForbiddenException($"The {Lifecycle.Kebab(party)} of a referral cannot '{Lifecycle.Kebab(action)}' it.");
        return Lifecycle.Target(Status, action, party) ?? throw new IllegalTransitionException(Status, action, party);
    }

    private static string Required(string reason) => string.IsNullOrWhiteSpace(reason)
        ? throw new RuleViolationException("A reason is required.", new Dictionary<string, string[]> { ["reason"] = ["A reason is required."] })
        : reason.Trim();

    private void Move(ReferralStatus to, ReferralParty party, string by, DateTimeOffset at, string? reason, string? note)
    {
        var from = Status;
        Status = to;
        _timeline.Add(new ReferralTransition(_timeline.Count, from, to, by, party, at, reason, string.IsNullOrWhiteSpace(note) ? null : note.Trim()));
        if (!Lifecycle.IsOpen(to)) ClosedAt = at;
        Version++;
        _events.Add(new ReferralStatusChanged(Id, ServiceId, ProviderOrganisationId, ReferrerId, Lifecycle.Kebab(from),
            Lifecycle.Kebab(to), reason, by, Consent?.ShareOutcomesWithReferrer ?? false, at, ReferrerRole, ReferrerTeam, TellReferrerTeam));
    }

    /// <summary>
    /// Tells the other services the consent as it stands, with only the consented channels' contact details: the postal
    /// address (laid out for a letter, their full name first) only while they agree to letters.
    /// </summary>
    private void QueueConsentChanged(DateTimeOffset at)
    {
        var c = Consent!;
        _events.Add(new ReferralConsentChanged(Id, c.ShareWithProvider, c.ShareOutcomesWithReferrer, c.ContactBySms, c.ContactByEmail,
            c.ContactsPerson ? Person.GivenName : null,
            c.ContactByEmail ? Person.Email : null, c.ContactBySms ? Person.Phone : null, at,
            c.ContactByPost, c.ContactByPost ? PostalAddress.Of(Person)?.Lines : null));
    }

    // ---- what happens around the referral

    /// <summary>Reminds the provider once before the deadline and escalates once after it; both flags make it idempotent.</summary>
    public void CheckDeadline(DateTimeOffset now, TimeSpan remindBefore)
    {
        if (Status != ReferralStatus.Requested || ResponseDueAt is not { } due) return;
        if (ReminderSentAt is null && now >= due - remindBefore)
        {
            ReminderSentAt = now;
            Version++;
            _events.Add(new ReferralResponseDue(Id, ServiceId, ProviderOrganisationId, due, now));
        }
        if (EscalatedAt is null && now >= due)
        {
            EscalatedAt = now;
            Version++;
            _events.Add(new ReferralEscalated(Id, ServiceId, ProviderOrganisationId, ReferrerId,
                (int)(now - RequestedAt!.Value).TotalDays, now));
        }
    }

    /// <summary>The service was suspended or removed: flag the open referral and tell its referrer.</summary>
    public void FlagServiceUnavailable(string note, string? alternative, DateTimeOffset at)
    {
        if (!Lifecycle.IsOpen(Status)) return;
        ServiceUnavailableNote = note;
        ServiceUnavailableAlternative = alternative;
        Version++;
        _events.Add(new ReferralServiceUnavailable(Id, ServiceId, ReferrerId, note, alternative, at));
    }

    public void ClearServiceUnavailable()
    {
        if (ServiceUnavailableNote is null) return;
        ServiceUnavailableNote = null;
        ServiceUnavailableAlternative = null;
        Version++;
    }

    /// <summary>Attendance from Feedback: the first attendance starts an accepted or held referral.</summary>
    public void RecordAttendance(AttendanceRecorded attendance)
    {
        if (string.Equals(attendance.Status, "attended", StringComparison.OrdinalIgnoreCase))
        {
            SessionsAttended++;
            if (LastAttendedOn is null || attendance.SessionDate > LastAttendedOn) LastAttendedOn = attendance.SessionDate;
        }
        ConsecutiveNoShows = attendance.ConsecutiveNoShows;
        Version++;
        if (attendance.IsFirstAttendance && Lifecycle.Target(Status, ReferralAction.Start, ReferralParty.System) is not null)
            Start(ReferralParty.System, attendance.RecordedBy, attendance.OccurredAt);
    }

    /// <summary>Retention: a closed referral keeps its shape for statistics but loses what identifies the person.</summary>
    public void Anonymise(DateTimeOffset at, string why = ReferralAnonymised.Retention)
    {
        if (Lifecycle.IsOpen(Status)) throw new InvalidOperationException("Only closed referrals are anonymised.");
        if (AnonymisedAt is not null) return;
        _events.Add(new ReferralAnonymised(Id, why, at));
        Person = Person.Anonymised(Person);
        NameKey = "";
        Reason = null;
        foreach (var transition in _timeline) transition.ClearNote();
        AnonymisedAt = at;
        Version++;
    }

    /// <summary>
    /// The person asked for their data to be erased: an open referral is cancelled (the provider and the referrer are
    /// told as for any cancellation), then the referral is anonymised like a closed one past retention.
    /// </summary>
    public void EraseOnRequest(string by, DateTimeOffset at)
    {
        if (Lifecycle.IsOpen(Status)) Cancel(ReferralParty.System, "The person's data was erased at their request.", by, at);
        Anonymise(at, ReferralAnonymised.Erasure);
    }

    /// <summary>The integration events queued by the changes so far; the caller publishes them with <c>db.Publish(referral.TakeEvents(), at)</c>.</summary>
    public IReadOnlyList<object> TakeEvents()
    {
        var events = _events.ToList();
        _events.Clear();
        return events;
    }
}

/// <summary>One step in the referral's timeline: who moved it, from where to where, when and why.</summary>
public sealed class ReferralTransition
{
    public Guid Id { get; private set; }
    public int Sequence { get; private set; }
    public ReferralStatus? From { get; private set; }
    public ReferralStatus To { get; private set; }
    public string By { get; private set; } = "";
    public ReferralParty ByRole { get; private set; }
    public DateTimeOffset At { get; private set; }
    public string? Reason { get; private set; }
    public string? Note { get; private set; }

    private ReferralTransition() { }

    public ReferralTransition(int sequence, ReferralStatus? from, ReferralStatus to, string by, ReferralParty byRole,
        DateTimeOffset at, string? reason, string? note)
    {
        Id = Guid.CreateVersion7();
        Sequence = sequence;
        From = from;
        To = to;
        By = by;
        ByRole = byRole;
        At = at;
        Reason = reason;
        Note = note;
    }

    internal void ClearNote() => Note = null;
}
