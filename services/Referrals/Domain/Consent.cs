namespace ReferralsService.Domain;

public enum ConsentGiver { Person, Carer, Guardian }

public enum ConsentMethod { Verbal, Written, Digital }

/// <summary>
/// The person's recorded agreement and its scope. Downstream services honour the scope: the provider sees the
/// person only with ShareWithProvider, the referrer hears attendance and outcomes only with ShareOutcomesWithReferrer,
/// and notifications use only the channels agreed.
/// </summary>
public sealed class Consent
{
    public ConsentGiver GivenBy { get; private set; }
    public ConsentMethod Method { get; private set; }
    public DateTimeOffset GivenAt { get; private set; }
    public bool ShareWithProvider { get; private set; }
    public bool ShareOutcomesWithReferrer { get; private set; }
    public bool ContactBySms { get; private set; }
    public bool ContactByEmail { get; private set; }
    public string RecordedBy { get; private set; } = "";
    public DateTimeOffset RecordedAt { get; private set; }

    private Consent() { }

    public Consent(ConsentGiver givenBy, ConsentMethod method, DateTimeOffset givenAt, bool shareWithProvider,
        bool shareOutcomesWithReferrer, bool contactBySms, bool contactByEmail, string recordedBy, DateTimeOffset recordedAt)
    {
        GivenBy = givenBy;
        Method = method;
        GivenAt = givenAt.ToUniversalTime(); // PostgreSQL keeps instants in UTC; a caller's offset is only how they wrote it
        ShareWithProvider = shareWithProvider;
        ShareOutcomesWithReferrer = shareOutcomesWithReferrer;
        ContactBySms = contactBySms;
        ContactByEmail = contactByEmail;
        RecordedBy = recordedBy;
        RecordedAt = recordedAt.ToUniversalTime();
    }

    /// <summary>True when nothing here is agreed that the earlier consent did not agree to (a withdrawal, or no change).</summary>
    public bool OnlyWithdrawsFrom(Consent? earlier) =>
        earlier is not null
        && (!ShareWithProvider || earlier.ShareWithProvider) && (!ShareOutcomesWithReferrer || earlier.ShareOutcomesWithReferrer)
        && (!ContactBySms || earlier.ContactBySms) && (!ContactByEmail || earlier.ContactByEmail);
}
