using FluentValidation;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Portal.Identity;

namespace Portal.Pages.Account;

/// <summary>The link in the reset email: a new password, once, with Identity's reset token.</summary>
public sealed class ResetPasswordModel(UserManager<PortalUser> users) : PortalPage
{
    [BindProperty(SupportsGet = true)] public string? UserId { get; set; }
    [BindProperty(SupportsGet = true)] public string? Code { get; set; }
    [BindProperty] public string? Password { get; set; }
    [BindProperty] public string? ConfirmPassword { get; set; }

    public const string LinkNotWorking = "This link has expired or has already been used. Ask for a new link.";

    public sealed class Validator : AbstractValidator<ResetPasswordModel>
    {
        public Validator()
        {
            RuleFor(m => m.Password).MustBeANewPassword();
            RuleFor(m => m.ConfirmPassword).Cascade(CascadeMode.Stop)
                .NotEmpty().WithMessage("Enter the password again")
                .Equal(m => m.Password).WithMessage("The passwords do not match");
        }
    }

    public void OnGet() { }

    public async Task<IActionResult> OnPostAsync()
    {
        if (!Validate(new Validator(), this)) return Page();
        var token = AccountEmails.Decode(Code);
        var user = string.IsNullOrEmpty(UserId) ? null : await users.FindByIdAsync(UserId);
        if (token is null || user is null)
        {
            AddError("password", LinkNotWorking);
            return Page();
        }
        var reset = await users.ResetPasswordAsync(user, token, Password!);
        if (!reset.Succeeded)
        {
            foreach (var error in reset.Errors)
                AddError("password", error.Code == "InvalidToken" ? LinkNotWorking : error.Description);
            return Page();
        }
        Flash("Your password has been changed. Sign in with your new password.");
        return LocalRedirect("/account/sign-in");
    }
}
