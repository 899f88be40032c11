using System.Collections.Concurrent;
using System.Text.RegularExpressions;
using Portal.Identity;

namespace Portal.Tests;

/// <summary>The portal's account mail, kept for the tests to read and follow, and passed on to the real mailer.</summary>
public sealed partial class CapturedAccountMail : IAccountMailer
{
    private readonly ConcurrentQueue<AccountMail> _sent = new();

    public Task SendAsync(AccountMail mail, CancellationToken cancellationToken)
    {
        _sent.Enqueue(mail);
        return Task.CompletedTask;
    }

    public IReadOnlyList<AccountMail> To(string email) =>
        _sent.Where(m => string.Equals(m.To, email, StringComparison.OrdinalIgnoreCase)).ToList();

    public AccountMail LastTo(string email) =>
        To(email).LastOrDefault() ?? throw new InvalidOperationException($"No account mail was sent to {email}.");

    /// <summary>The path of the (only) link in the last mail to <paramref name="email"/>.</summary>
    public string LinkTo(string email)
    {
        var link = Link().Match(LastTo(email).Body);
        if (!link.Success) throw new InvalidOperationException($"The last mail to {email} has no link.");
        return new Uri(link.Value).PathAndQuery;
    }

    /// <summary>Captures each mail, then hands it to the portal's real mailer (Feedback's account messages and mail drop).</summary>
    public IAccountMailer PassingOnTo(IAccountMailer real) => new Tee(this, real);

    private sealed class Tee(CapturedAccountMail captured, IAccountMailer real) : IAccountMailer
    {
        public async Task SendAsync(AccountMail mail, CancellationToken cancellationToken)
        {
            await captured.SendAsync(mail, cancellationToken);
            await real.SendAsync(mail, cancellationToken);
        }
    }

    [GeneratedRegex(@"https?://\S+")]
    private static partial Regex Link();
}
