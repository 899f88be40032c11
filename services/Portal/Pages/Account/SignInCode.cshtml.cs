using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Portal.Identity;

namespace Portal.Pages.Account;

/// <summary>The second step of signing in, for an account with an authenticator app: its code, or a recovery code.</summary>
public sealed class SignInCodeModel(SignInManager<PortalUser> signIn) : PortalPage
{
    public const string EnterCode = "Enter the 6-digit security code from your authenticator app";
    public const string NotACode = "The security code is 6 digits, like 123456";
    public const string WrongCode = "The security code is not right. Enter the code your authenticator app shows now.";
    public const string EnterRecoveryCode = "Enter one of your recovery codes";
    public const string WrongRecoveryCode = "The recovery code is not right, or it has been used already.";
    public const string Paused = "Too many wrong codes: signing in to this account is paused for a while. Try again later.";

    [BindProperty] public string? Code { get; set; }
    /// <summary>A recovery code instead of the app's code (lost phone).</summary>
    [BindProperty(SupportsGet = true)] public bool Recovery { get; set; }
    [BindProperty(SupportsGet = true)] public string? ReturnUrl { get; set; }

    public async Task<IActionResult> OnGetAsync() =>
        await signIn.GetTwoFactorAuthenticationUserAsync() is null ? RedirectToPage("/Account/SignIn", new { ReturnUrl }) : Page();

    public async Task<IActionResult> OnPostAsync()
    {
        // The password step leaves a short-lived cookie naming the account; without it there is nothing to finish.
        if (await signIn.GetTwoFactorAuthenticationUserAsync() is not { } user) return RedirectToPage("/Account/SignIn", new { ReturnUrl });
        var code = Recovery ? (Code ?? "").Replace(" ", "", StringComparison.Ordinal).ToUpperInvariant() : TwoFactor.Normalise(Code);
        if (code.Length == 0) AddError("code", Recovery ? EnterRecoveryCode : EnterCode);
        else if (!Recovery && !TwoFactor.LooksLikeACode(code)) AddError("code", NotACode);
        if (HasErrors) return Page();

        var result = Recovery
            ? await signIn.TwoFactorRecoveryCodeSignInAsync(code)
            : await signIn.TwoFactorAuthenticatorSignInAsync(code, isPersistent: false, rememberClient: false);
        if (!result.Succeeded)
        {
            AddError("code", result.IsLockedOut ? Paused : Recovery ? WrongRecoveryCode : WrongCode);
            return Page();
        }
        return LocalRedirect(!string.IsNullOrEmpty(ReturnUrl) && Url.IsLocalUrl(ReturnUrl) ? ReturnUrl : SignInModel.HomeFor(user.Role));
    }
}
