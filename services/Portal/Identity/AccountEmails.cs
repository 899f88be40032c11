using System.Text;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.WebUtilities;

namespace Portal.Identity;

/// <summary>
/// The account emails residents get, with links carrying Identity's single-purpose tokens. Links are built on
/// Portal:PublicUrl when set (so a forged Host header cannot point a reset link elsewhere), else on the request.
/// </summary>
public sealed class AccountEmails(UserManager<PortalUser> users, IAccountMailer mailer, IConfiguration configuration)
{
    public async Task SendConfirmationAsync(PortalUser user, HttpRequest request, CancellationToken cancellationToken)
    {
        var code = Encode(await users.GenerateEmailConfirmationTokenAsync(user));
        var link = Link(request, $"/account/confirm-email?userId={Uri.EscapeDataString(user.Id)}&code={code}");
        await mailer.SendAsync(new AccountMail(user.Email!, "Confirm your email address",
            $"Hello {user.DisplayName},\n\nTo finish setting up your Community Directory account, confirm your email address " +
            $"by opening this link:\n\n{link}\n\nIf you did not ask for an account, you can ignore this email."), cancellationToken);
    }

    public async Task SendPasswordResetAsync(PortalUser user, HttpRequest request, CancellationToken cancellationToken)
    {
        var code = Encode(await users.GeneratePasswordResetTokenAsync(user));
        var link = Link(request, $"/account/reset-password?userId={Uri.EscapeDataString(user.Id)}&code={code}");
        await mailer.SendAsync(new AccountMail(user.Email!, "Reset your password",
            $"Hello {user.DisplayName},\n\nSomeone asked to reset the password of your Community Directory account. " +
            $"To choose a new password, open this link:\n\n{link}\n\nIf it was not you, you can ignore this email: " +
            "your password has not changed."), cancellationToken);
    }

    /// <summary>Someone tried to sign up with an address that already has an account: its owner is told, the visitor is not.</summary>
    public Task SendAlreadyRegisteredAsync(PortalUser user, HttpRequest request, CancellationToken cancellationToken) =>
        mailer.SendAsync(new AccountMail(user.Email!, "You already have an account",
            $"Hello {user.DisplayName},\n\nSomeone tried to create a Community Directory account with this email address, " +
            $"which already has one. To sign in, go to {Link(request, "/account/sign-in")}. If you have forgotten your " +
            $"password, you can reset it at {Link(request, "/account/forgot-password")}."), cancellationToken);

    public static string Encode(string token) => WebEncoders.Base64UrlEncode(Encoding.UTF8.GetBytes(token));

    /// <summary>The token from a link, or null when the link was cut or altered.</summary>
    public static string? Decode(string? code)
    {
        if (string.IsNullOrWhiteSpace(code)) return null;
        try { return Encoding.UTF8.GetString(WebEncoders.Base64UrlDecode(code)); }
        catch (FormatException) { return null; }
    }

    private string Link(HttpRequest request, string pathAndQuery) => PublicLinks.To(configuration, request, pathAndQuery);
}
