using FluentValidation;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Portal.Identity;

namespace Portal.Pages.Account;

/// <summary>A signed-in person changes their name or their password.</summary>
[Authorize]
public sealed class DetailsModel(UserManager<PortalUser> users, SignInManager<PortalUser> signIn) : PortalPage
{
    [BindProperty] public string? Name { get; set; }
    [BindProperty] public string? CurrentPassword { get; set; }
    [BindProperty] public string? NewPassword { get; set; }
    [BindProperty] public string? ConfirmPassword { get; set; }
    public string? Email { get; private set; }

    public sealed class NameValidator : AbstractValidator<DetailsModel>
    {
        public NameValidator() => RuleFor(m => m.Name).MustBeAName();
    }

    public sealed class PasswordValidator : AbstractValidator<DetailsModel>
    {
        public PasswordValidator()
        {
            RuleFor(m => m.CurrentPassword).NotEmpty().WithMessage("Enter your current password");
            RuleFor(m => m.NewPassword).MustBeANewPassword();
            RuleFor(m => m.ConfirmPassword).Cascade(CascadeMode.Stop)
                .NotEmpty().WithMessage("Enter the new password again")
                .Equal(m => m.NewPassword).WithMessage("The passwords do not match");
        }
    }

    public async Task<IActionResult> OnGetAsync()
    {
        if (await users.GetUserAsync(User) is not { } user) return Challenge();
        Name = user.DisplayName;
        Email = user.Email;
        return Page();
    }

    public async Task<IActionResult> OnPostNameAsync()
    {
        if (await users.GetUserAsync(User) is not { } user) return Challenge();
        Email = user.Email;
        if (!Validate(new NameValidator(), this)) return Page();
        user.DisplayName = Name!.Trim();
        await users.UpdateAsync(user);
        await signIn.RefreshSignInAsync(user);
        Flash("Your name has been changed.");
        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostPasswordAsync()
    {
        if (await users.GetUserAsync(User) is not { } user) return Challenge();
        Email = user.Email;
        Name = user.DisplayName;
        if (!Validate(new PasswordValidator(), this)) return Page();
        var changed = await users.ChangePasswordAsync(user, CurrentPassword!, NewPassword!);
        if (!changed.Succeeded)
        {
            foreach (var error in changed.Errors)
                AddError(error.Code == "PasswordMismatch" ? "currentPassword" : "newPassword",
                    error.Code == "PasswordMismatch" ? "Your current password is not right" : error.Description);
            return Page();
        }
        await signIn.RefreshSignInAsync(user);
        Flash("Your password has been changed.");
        return RedirectToPage();
    }
}
