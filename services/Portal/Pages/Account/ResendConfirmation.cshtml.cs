using FluentValidation;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Portal.Api;
using Portal.Identity;

namespace Portal.Pages.Account;

/// <summary>Sends the confirmation link again to an unconfirmed account. The same answer for any address.</summary>
public sealed class ResendConfirmationModel(UserManager<PortalUser> users, AccountEmails emails, ILogger<ResendConfirmationModel> logger)
    : PortalPage
{
    [BindProperty] public string? Email { get; set; }

    public sealed class Validator : AbstractValidator<ResendConfirmationModel>
    {
        public Validator() => RuleFor(m => m.Email).MustBeAnEmail();
    }

    public void OnGet() { }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        if (!Validate(new Validator(), this)) return Page();
        try
        {
            if (await users.FindByEmailAsync(Email!.Trim()) is { EmailConfirmed: false } user)
                await emails.SendConfirmationAsync(user, Request, cancellationToken);
        }
        catch (AccountMailNotSentException exception)
        {
            logger.LogWarning("Confirmation email not sent: {Reason}", exception.Message);
            TempData["MailFailed"] = true;
        }
        return RedirectToPage("CheckEmail");
    }
}
