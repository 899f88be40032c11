using BuildingBlocks.Auth;
using Portal.Identity;

namespace Portal.Api;

/// <param name="Channel">"email", "sms" (<see cref="To"/> is a phone number) or "letter" (<see cref="To"/> is the postal address, a line per line).</param>
public sealed record DroppedMail(Guid Id, string To, string Subject, string Body, DateTimeOffset CreatedAt, string Channel = "email")
{
    public bool IsLetter => Channel == "letter";
    public bool IsText => Channel == "sms";
}

public sealed record MailDropPage(List<DroppedMail> Items, int Total);

/// <summary>
/// Feedback's account mail, called as the portal itself (the service principal), never as the signed-in person:
/// a person is not allowed to have mail sent to any address. Sending goes through Feedback's notification channels;
/// the mail drop reads back what the embedded default kept instead of sending.
/// </summary>
public sealed class AccountMessagesClient(HttpClient http, ILogger<AccountMessagesClient> logger)
    : ServiceClient(http, logger, "Feedback"), IAccountMailer
{
    public async Task SendAsync(AccountMail mail, CancellationToken cancellationToken)
    {
        var result = await PostAsync("/api/feedback/account-messages",
            new { messageId = Guid.CreateVersion7(), to = mail.To, subject = mail.Subject, body = mail.Body }, cancellationToken);
        // Never the address or the text: only that it did not go.
        if (result.Outcome != ApiOutcome.Ok)
            throw new AccountMailNotSentException($"Feedback did not take the account message ({result.Outcome}).");
    }

    /// <summary>The account emails the mail drop kept for one address.</summary>
    public Task<ApiResult<MailDropPage>> MailDropAsync(string to, CancellationToken cancellationToken) =>
        GetAsync<MailDropPage>($"/api/feedback/mail-drop?to={Uri.EscapeDataString(to)}", cancellationToken);
}

/// <summary>Feedback would not or could not queue an account email; the page says so and offers to try again.</summary>
public sealed class AccountMailNotSentException(string message) : Exception(message);

/// <summary>The portal's own token: subject "portal", role <see cref="Roles.Service"/>. No person ever holds that role.</summary>
public sealed class ServiceTokenHandler(TokenIssuer tokens) : DelegatingHandler
{
    public const string Subject = "portal";

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        request.Headers.Authorization = new("Bearer", tokens.Issue(Subject, "Portal", Roles.Service, lifetime: TimeSpan.FromMinutes(2)));
        return base.SendAsync(request, cancellationToken);
    }
}
