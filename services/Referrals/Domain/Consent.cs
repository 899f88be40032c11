namespace ReferralsService.Domain;

public enum ConsentGiver { Person, Carer, Guardian }

public enum ConsentMethod { Verbal, Written, Digital }

/// <summary>
/// The person's recorded agreement and its scope. Downstream services honour the scope: the provider sees the
/// person only with ShareWithProvider, the referrer hears attendance and outcomes only with ShareOutcomesWithReferrer,
/// and notifications use only the channels agreed (text message, email, and letters: a letter only to a postal
/// address the referral gives, <see cref="PostalAddress"/>).
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
    /// <summary>Letters to the person's postal address (their contact route's, by post or a home visit).</summary>
    public bool ContactByPost { get; private set; }
    public string RecordedBy { get; private set; } = "";
    public DateTimeOffset RecordedAt { get; private set; }

    private Consent() { }

    public Consent(ConsentGiver givenBy, ConsentMethod method, DateTimeOffset givenAt, bool shareWithProvider,
        bool shareOutcomesWithReferrer, bool contactBySms, bool contactByEmail, string recordedBy, DateTimeOffset recordedAt, bool contactByPost = false)
    {
        GivenBy = givenBy;
        Method = method;
        GivenAt = givenAt.ToUniversalTime(); // PostgreSQL keeps instants in UTC; a caller's offset is only how they wrote it
        ShareWithProvider = shareWithProvider;
        ShareOutcomesWithReferrer = shareOutcomesWithReferrer;
        ContactBySms = contactBySms;
        ContactByEmail = contactByEmail;
        ContactByPost = contactByPost;
        RecordedBy = recordedBy;
        RecordedAt = recordedAt.ToUniversalTime();
    }

    /// <summary>True when nothing here is agreed that the earlier consent did not agree to (a withdrawal, or no change).</summary>
    public bool OnlyWithdrawsFrom(Consent? earlier) =>
        earlier is not null
        && (!ShareWithProvider || earlier.ShareWithProvider) && (!ShareOutcomesWithReferrer || earlier.ShareOutcomesWithReferrer)
        && (!ContactBySms || earlier.ContactBySms) && (!ContactByEmail || earlier.ContactByEmail) && (!ContactByPost || earlier.ContactByPost);

    /// <summary>Whether the person may be contacted at all, on some channel.</summary>
    public bool ContactsPerson => ContactBySms || ContactByEmail || ContactByPost;
}
