namespace Portal.Identity;

/// <summary>An email to a person about their account: confirm an address, reset a password, an invitation, a decision.</summary>
public sealed record AccountMail(string To, string Subject, string Body);

/// <summary>
/// The portal's one way to email a person about their account. A real seam: the deployed adapter hands the message to
/// Feedback's notification channels; tests may capture messages to follow the links in them.
/// </summary>
public interface IAccountMailer
{
    Task SendAsync(AccountMail mail, CancellationToken cancellationToken);
}
