using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Portal.Identity;

namespace Portal.Pages.Account;

public sealed class SignInModel(SignInManager<PortalUser> signIn, UserManager<PortalUser> users, StaffSignInProvider provider) : PortalPage
{
    public const string NotSignedIn = "The email address or password is not right.";
    public const string NotConfirmed = "Confirm your email address before you sign in: open the link in the email we sent you.";

    [BindProperty] public string? Email { get; set; }
    [BindProperty] public string? Password { get; set; }
    [BindProperty(SupportsGet = true)] public string? ReturnUrl { get; set; }
    /// <summary>The right password for an account whose address is not confirmed yet: offer to send the link again.</summary>
    public bool OfferResend { get; private set; }
    /// <summary>The staff provider's name for the "Sign in with ..." button, when one is configured.</summary>
    public string? ProviderName => provider.Enabled ? provider.DisplayName : null;

    public void OnGet() { }

    public async Task<IActionResult> OnPostAsync()
    {
        if (string.IsNullOrWhiteSpace(Email)) AddError("email", "Enter your email address");
        if (string.IsNullOrWhiteSpace(Password)) AddError("password", "Enter your password");
        // No address has control characters: the same answer as an unknown address, without looking it up.
        if (!HasErrors && !BuildingBlocks.Validation.PlainText.IsPlain(Email)) AddError("email", NotSignedIn);
        if (HasErrors) return Page();

        var result = await signIn.PasswordSignInAsync(Email!.Trim(), Password!, isPersistent: false, lockoutOnFailure: true);
        if (result.RequiresTwoFactor) return RedirectToPage("/Account/SignInCode", new { ReturnUrl });
        if (!result.Succeeded)
        {
            // Identity refuses an unconfirmed account before it checks the password; saying so only to someone who
            // knows the password keeps the answer the same for strangers.
            if (result.IsNotAllowed && await users.FindByEmailAsync(Email.Trim()) is { EmailConfirmed: false } unconfirmed
                && await users.CheckPasswordAsync(unconfirmed, Password!))
            {
                OfferResend = true;
                AddError("email", NotConfirmed);
                return Page();
            }
            // One answer for an unknown address, a wrong password and a locked account: which it was would tell a
            // stranger that the account exists.
            AddError("email", NotSignedIn);
            return Page();
        }
        if (!string.IsNullOrEmpty(ReturnUrl) && Url.IsLocalUrl(ReturnUrl)) return LocalRedirect(ReturnUrl);
        var user = await users.FindByEmailAsync(Email.Trim());
        return LocalRedirect(HomeFor(user?.Role));
    }

    /// <summary>Each role starts on the page it came for.</summary>
    public static string HomeFor(string? role) => role switch
    {
        BuildingBlocks.Auth.Roles.Practitioner => "/referrals",
        BuildingBlocks.Auth.Roles.Provider => "/provider/incoming",
        BuildingBlocks.Auth.Roles.Curator or BuildingBlocks.Auth.Roles.Admin => "/curator/moderation",
        _ => "/search",
    };
}
