using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;
using Portal.Identity;

namespace Portal.Pages.Account;

/// <summary>
/// Staff sign-in through the deployer's OpenID Connect provider (Oidc:*): the GET sends the person there; the callback
/// signs in to the staff account linked to the provider's subject, or links it once to the staff account holding the
/// provider's verified email address. It never creates an account; anything else is refused on this page.
/// </summary>
public sealed class ExternalSignInModel(SignInManager<PortalUser> signIn, UserManager<PortalUser> users,
    StaffSignInProvider provider, IOptionsMonitor<OpenIdConnectOptions> oidc, AccountAudit audit, PortalDb db, TimeProvider clock,
    ILogger<ExternalSignInModel> log) : PortalPage
{
    [BindProperty(SupportsGet = true)] public string? ReturnUrl { get; set; }
    public ExternalRefusal? Refusal { get; private set; }
    public string ProviderName => provider.DisplayName;

    /// <summary>
    /// A link, not a form: the portal's CSP (form-action 'self') would stop a form post redirecting to the provider.
    /// The provider's discovery document is read first (then cached), so a provider that is down or slow to answer is
    /// this page saying so, not an exception from inside the redirect.
    /// </summary>
    public async Task<IActionResult> OnGetAsync(bool failed = false)
    {
        if (!provider.Enabled) return NotFound();
        if (failed) return Refused(ExternalRefusal.ProviderFailed);
        try
        {
            await oidc.Get(StaffSignInProvider.Scheme).ConfigurationManager!.GetConfigurationAsync(HttpContext.RequestAborted);
        }
        catch (Exception e) when (e is not OperationCanceledException || !HttpContext.RequestAborted.IsCancellationRequested)
        {
            log.LogWarning("The staff sign-in provider's discovery document could not be read: {Error}", e.GetType().Name);
            return Refused(ExternalRefusal.ProviderFailed);
        }
        var callback = Url.Page("/Account/ExternalSignIn", "Callback", new { ReturnUrl });
        return Challenge(signIn.ConfigureExternalAuthenticationProperties(StaffSignInProvider.Scheme, callback),
            StaffSignInProvider.Scheme);
    }

    public async Task<IActionResult> OnGetCallbackAsync()
    {
        if (!provider.Enabled) return NotFound();
        if (await signIn.GetExternalLoginInfoAsync() is not { } external) return Refused(ExternalRefusal.ProviderFailed);

        var linked = await users.FindByLoginAsync(external.LoginProvider, external.ProviderKey);
        var email = linked is null ? provider.VerifiedEmail(external.Principal) : null;
        var byEmail = email is null ? null : await users.FindByEmailAsync(email);
        var linkedElsewhere = byEmail is not null
                              && (await users.GetLoginsAsync(byEmail)).Any(l => l.LoginProvider == external.LoginProvider);
        var decision = ExternalDecision.For(linked, email, byEmail, linkedElsewhere, clock.GetUtcNow());
        if (decision.SignInAs is not { } user) return await RefuseAsync(decision.Refusal!.Value);

        if (decision.Link)
        {
            // The audit row goes in the same save as the link (the user store saves the shared unit of work).
            audit.RecordOwn(user, AccountActions.ProviderLinked, provider.DisplayName);
            if (!(await users.AddLoginAsync(user, external)).Succeeded) return await RefuseAsync(ExternalRefusal.LinkedToAnother);
        }
        var result = await signIn.ExternalLoginSignInAsync(external.LoginProvider, external.ProviderKey, isPersistent: false,
            bypassTwoFactor: true);
        if (!result.Succeeded)
            return await RefuseAsync(result.IsLockedOut ? ExternalRefusal.Locked : ExternalRefusal.NoStaffAccount);
        audit.RecordOwn(user, AccountActions.SignedInThroughProvider, provider.DisplayName);
        await db.SaveChangesAsync();
        return LocalRedirect(!string.IsNullOrEmpty(ReturnUrl) && Url.IsLocalUrl(ReturnUrl) ? ReturnUrl : SignInModel.HomeFor(user.Role));
    }

    private async Task<IActionResult> RefuseAsync(ExternalRefusal why)
    {
        await HttpContext.SignOutAsync(IdentityConstants.ExternalScheme);
        if (log.IsEnabled(LogLevel.Information)) log.LogInformation("A sign-in through the staff provider was refused: {Reason}", why);
        return Refused(why);
    }

    private PageResult Refused(ExternalRefusal why)
    {
        Refusal = why;
        Response.StatusCode = why == ExternalRefusal.ProviderFailed ? StatusCodes.Status502BadGateway : StatusCodes.Status403Forbidden;
        return Page();
    }
}
