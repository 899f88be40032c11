namespace ReferralsService.Domain;

/// <summary>A message in the referral's thread between the referrer's side and the provider.</summary>
public sealed class ReferralMessage
{
    public Guid Id { get; private set; }
    public Guid ReferralId { get; private set; }
    public string AuthorId { get; private set; } = "";
    public string AuthorName { get; private set; } = "";
    public ReferralParty FromRole { get; private set; }
    public string Text { get; private set; } = "";
    public DateTimeOffset At { get; private set; }

    private ReferralMessage() { }

    public ReferralMessage(Guid referralId, string authorId, string authorName, ReferralParty fromRole, string text, DateTimeOffset at)
    {
        Id = Guid.CreateVersion7();
        ReferralId = referralId;
        AuthorId = authorId;
        AuthorName = authorName;
        FromRole = fromRole;
        Text = text.Trim();
        At = at;
    }

    public void Anonymise() => Text = "(removed under the retention policy)";
}
