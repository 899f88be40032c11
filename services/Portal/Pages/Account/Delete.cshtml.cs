using FluentValidation;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Portal.Identity;

namespace Portal.Pages.Account;

/// <summary>
/// A person deletes their account, after entering their password. The account is anonymised rather than removed:
/// name, email, phone and password go, the sign-in is locked for good, and its id stays so that what the services hold
/// under it (self-referrals, messages) points at nobody. Those follow the services' own retention rules (docs/ARCHITECTURE.md).
/// </summary>
[Authorize]
public sealed class DeleteModel(UserManager<PortalUser> users, SignInManager<PortalUser> signIn, AccountAudit audit) : PortalPage
{
    [BindProperty] public string? Password { get; set; }

    public sealed class Validator : AbstractValidator<DeleteModel>
    {
        public Validator() => RuleFor(m => m.Password).NotEmpty().WithMessage("Enter your password to confirm");
    }

    public void OnGet() { }

    public async Task<IActionResult> OnPostAsync()
    {
        if (await users.GetUserAsync(User) is not { } user) return Challenge();
        if (!Validate(new Validator(), this)) return Page();
        if (!await users.CheckPasswordAsync(user, Password!))
        {
            AddError("password", "Your password is not right");
            return Page();
        }
        audit.Record(User, AccountActions.Deleted, user);
        Anonymise(user);
        await users.UpdateAsync(user);
        await users.RemovePasswordAsync(user);
        await signIn.SignOutAsync();
        Flash("Your account has been deleted.");
        return LocalRedirect("/");
    }

    public static void Anonymise(PortalUser user)
    {
        var deleted = $"deleted-{user.Id}@deleted.invalid";
        user.UserName = deleted;
        user.NormalizedUserName = deleted.ToUpperInvariant();
        user.Email = deleted;
        user.NormalizedEmail = deleted.ToUpperInvariant();
        user.EmailConfirmed = false;
        user.PhoneNumber = null;
        user.DisplayName = "Deleted account";
        user.LockoutEnabled = true;
        user.LockoutEnd = DateTimeOffset.MaxValue;
        user.SecurityStamp = Guid.NewGuid().ToString();
    }
}
