using Microsoft.AspNetCore.Identity;
using Portal.Identity;

namespace Portal.Pages.Account;

/// <summary>The link in the confirmation email. A wrong, used or expired link says so and offers a new one.</summary>
public sealed class ConfirmEmailModel(UserManager<PortalUser> users) : PortalPage
{
    public bool Confirmed { get; private set; }

    public async Task OnGetAsync(string? userId, string? code)
    {
        var token = AccountEmails.Decode(code);
        if (token is null || string.IsNullOrEmpty(userId) || await users.FindByIdAsync(userId) is not { } user) return;
        Confirmed = user.EmailConfirmed || (await users.ConfirmEmailAsync(user, token)).Succeeded;
    }
}
