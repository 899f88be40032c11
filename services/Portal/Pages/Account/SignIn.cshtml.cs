using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Portal.Identity;

namespace Portal.Pages.Account;

public sealed class SignInModel(SignInManager<PortalUser> signIn, UserManager<PortalUser> users) : PortalPage
{
    public const string NotSignedIn =
        "The email address or password is not right. After too many tries, signing in is paused for a few minutes.";

    [BindProperty] public string? Email { get; set; }
    [BindProperty] public string? Password { get; set; }
    [BindProperty(SupportsGet = true)] public string? ReturnUrl { get; set; }

    public void OnGet() { }

    public async Task<IActionResult> OnPostAsync()
    {
        if (string.IsNullOrWhiteSpace(Email)) AddError("email", "Enter your email address");
        if (string.IsNullOrWhiteSpace(Password)) AddError("password", "Enter your password");
        if (HasErrors) return Page();

        var result = await signIn.PasswordSignInAsync(Email!.Trim(), Password!, isPersistent: false, lockoutOnFailure: true);
        if (!result.Succeeded)
        {
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
