using FluentValidation;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Portal.Api;
using Portal.Identity;

namespace Portal.Pages.Account;

/// <summary>
/// Emails a reset link to the account with this address. The page answers the same whether or not there is one, so
/// it never tells a stranger who has an account. An unconfirmed account gets its confirmation link instead.
/// </summary>
public sealed class ForgotPasswordModel(UserManager<PortalUser> users, AccountEmails emails, ILogger<ForgotPasswordModel> logger)
    : PortalPage
{
    [BindProperty] public string? Email { get; set; }
    public bool Sent { get; private set; }

    public sealed class Validator : AbstractValidator<ForgotPasswordModel>
    {
        public Validator() => RuleFor(m => m.Email).MustBeAnEmail();
    }

    public void OnGet() { }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        if (!Validate(new Validator(), this)) return Page();
        try
        {
            if (await users.FindByEmailAsync(Email!.Trim()) is { } user)
            {
                if (user.EmailConfirmed) await emails.SendPasswordResetAsync(user, Request, cancellationToken);
                else await emails.SendConfirmationAsync(user, Request, cancellationToken);
            }
        }
        catch (AccountMailNotSentException exception)
        {
            logger.LogWarning("Password reset email not sent: {Reason}", exception.Message);
            Notices.Add(new Notice("We could not send the email", "Sending email is not working at the moment. Please try again in a few minutes."));
            return Page();
        }
        Sent = true;
        return Page();
    }
}
