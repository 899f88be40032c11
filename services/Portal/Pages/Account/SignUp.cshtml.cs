using BuildingBlocks.Auth;
using FluentValidation;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Portal.Api;
using Portal.Identity;

namespace Portal.Pages.Account;

/// <summary>
/// A resident creates an account. The answer is the same whether or not the address already has one (its owner is
/// emailed instead), so the form never tells a stranger who has an account.
/// </summary>
public sealed class SignUpModel(UserManager<PortalUser> users, AccountEmails emails, ILogger<SignUpModel> logger) : PortalPage
{
    [BindProperty] public string? Name { get; set; }
    [BindProperty] public string? Email { get; set; }
    [BindProperty] public string? Password { get; set; }
    [BindProperty] public string? ConfirmPassword { get; set; }

    public sealed class Validator : AbstractValidator<SignUpModel>
    {
        public Validator()
        {
            RuleFor(m => m.Name).MustBeAName();
            RuleFor(m => m.Email).MustBeAnEmail();
            RuleFor(m => m.Password).MustBeANewPassword();
            RuleFor(m => m.ConfirmPassword).Cascade(CascadeMode.Stop)
                .NotEmpty().WithMessage("Enter the password again")
                .Equal(m => m.Password).WithMessage("The passwords do not match");
        }
    }

    public void OnGet() { }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        if (!Validate(new Validator(), this)) return Page();
        var email = Email!.Trim();
        try
        {
            if (await users.FindByEmailAsync(email) is { } existing)
            {
                if (existing.EmailConfirmed) await emails.SendAlreadyRegisteredAsync(existing, Request, cancellationToken);
                else await emails.SendConfirmationAsync(existing, Request, cancellationToken);
                return RedirectToPage("CheckEmail");
            }
            var user = new PortalUser { UserName = email, Email = email, DisplayName = Name!.Trim(), Role = Roles.Resident };
            var created = await users.CreateAsync(user, Password!);
            if (!created.Succeeded)
            {
                foreach (var error in created.Errors)
                    AddError(error.Code.StartsWith("Password", StringComparison.Ordinal) ? "password" : "email", error.Description);
                return Page();
            }
            await emails.SendConfirmationAsync(user, Request, cancellationToken);
        }
        catch (AccountMailNotSentException exception)
        {
            logger.LogWarning("Sign-up email not sent: {Reason}", exception.Message);
            TempData["MailFailed"] = true;
        }
        return RedirectToPage("CheckEmail");
    }
}
