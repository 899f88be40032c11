using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Portal.Identity;

namespace Portal.Pages.Account;

/// <summary>
/// Sets up two-factor sign-in with an authenticator app (the key as text, its otpauth URI and a QR code), gives the
/// recovery codes once, makes new ones, and turns it off where the hub does not require it.
/// </summary>
[Authorize]
public sealed class TwoFactorModel(UserManager<PortalUser> users, SignInManager<PortalUser> signIn, AccountSettings settings,
    AccountAudit audit) : PortalPage
{
    [BindProperty] public string? Code { get; set; }
    [BindProperty(SupportsGet = true)] public string? ReturnUrl { get; set; }
    public bool Enabled { get; private set; }
    /// <summary>The hub requires it for this account's role: it cannot be turned off, and nothing else opens until it is on.</summary>
    public bool Required { get; private set; }
    public string? Key { get; private set; }
    public string? AuthenticatorUri { get; private set; }
    public string? QrCode { get; private set; }
    /// <summary>Shown once, straight after they are made; the page never shows them again.</summary>
    public IReadOnlyList<string>? NewRecoveryCodes { get; private set; }
    public int RecoveryCodesLeft { get; private set; }
    public string ContinueTo => !string.IsNullOrEmpty(ReturnUrl) && Url.IsLocalUrl(ReturnUrl) ? ReturnUrl : SignInModel.HomeFor(User.Role());

    public async Task<IActionResult> OnGetAsync()
    {
        if (await users.GetUserAsync(User) is not { } user) return Challenge();
        await ShowAsync(user);
        return Page();
    }

    public async Task<IActionResult> OnPostEnableAsync()
    {
        if (await users.GetUserAsync(User) is not { } user) return Challenge();
        if (user.TwoFactorEnabled) return RedirectToPage();
        var code = TwoFactor.Normalise(Code);
        if (code.Length == 0) AddError("code", SignInCodeModel.EnterCode);
        else if (!TwoFactor.LooksLikeACode(code)) AddError("code", SignInCodeModel.NotACode);
        else if (!await users.VerifyTwoFactorTokenAsync(user, users.Options.Tokens.AuthenticatorTokenProvider, code))
            AddError("code", "The security code is not right. Check the app shows this account, then enter the code it shows now.");
        if (HasErrors)
        {
            await ShowAsync(user);
            return Page();
        }

        audit.Record(User, AccountActions.TwoFactorOn, user);
        await users.SetTwoFactorEnabledAsync(user, true);
        NewRecoveryCodes = (await users.GenerateNewTwoFactorRecoveryCodesAsync(user, TwoFactor.RecoveryCodeCount))!.ToList();
        await signIn.RefreshSignInAsync(user);
        Flash("Two-factor sign-in is on. From now on you will be asked for a security code when you sign in.");
        await ShowAsync(user);
        return Page();
    }

    public async Task<IActionResult> OnPostRecoveryCodesAsync()
    {
        if (await users.GetUserAsync(User) is not { } user) return Challenge();
        if (!user.TwoFactorEnabled) return RedirectToPage();
        audit.Record(User, AccountActions.RecoveryCodesRenewed, user);
        NewRecoveryCodes = (await users.GenerateNewTwoFactorRecoveryCodesAsync(user, TwoFactor.RecoveryCodeCount))!.ToList();
        await ShowAsync(user);
        return Page();
    }

    public async Task<IActionResult> OnPostDisableAsync()
    {
        if (await users.GetUserAsync(User) is not { } user) return Challenge();
        if (IsRequiredFor(user)) return RedirectToPage();
        audit.Record(User, AccountActions.TwoFactorOff, user);
        await users.SetTwoFactorEnabledAsync(user, false);
        // A later set-up starts from a new key: the old one may be on a lost phone.
        await users.ResetAuthenticatorKeyAsync(user);
        await signIn.RefreshSignInAsync(user);
        Flash("Two-factor sign-in is off.");
        return RedirectToPage();
    }

    private bool IsRequiredFor(PortalUser user) => settings.RequireTwoFactorForStaff && ExternalDecision.IsStaff(user.Role);

    private async Task ShowAsync(PortalUser user)
    {
        Enabled = user.TwoFactorEnabled;
        Required = IsRequiredFor(user);
        if (Enabled)
        {
            RecoveryCodesLeft = await users.CountRecoveryCodesAsync(user);
            return;
        }
        var key = await users.GetAuthenticatorKeyAsync(user);
        if (string.IsNullOrEmpty(key))
        {
            await users.ResetAuthenticatorKeyAsync(user);
            // A new key changes the account's security stamp: the cookie is renewed so this session stays valid.
            await signIn.RefreshSignInAsync(user);
            key = await users.GetAuthenticatorKeyAsync(user);
        }
        Key = TwoFactor.Readable(key!);
        AuthenticatorUri = TwoFactor.AuthenticatorUri(settings.AuthenticatorIssuer, user.Email ?? user.Id, key!);
        QrCode = TwoFactor.QrCodeDataUri(AuthenticatorUri);
    }
}
