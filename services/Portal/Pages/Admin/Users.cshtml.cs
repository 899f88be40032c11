using BuildingBlocks.Auth;
using FluentValidation;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Portal.Identity;

namespace Portal.Pages.Admin;

/// <summary>
/// Admins find accounts (by email or name, a page at a time), change a role, lock and unlock. Every change is
/// written to the account audit with who did it, to whom and when, in the same save, and listed below.
/// </summary>
[Authorize(Policy = Roles.Admin)]
public sealed class UsersModel(UserManager<PortalUser> users, PortalDb db, AccountAudit audit, TimeProvider clock) : PortalPage
{
    public const int PageSize = 20;
    /// <summary>The roles a person may hold. Never <see cref="Roles.Service"/>: that is the portal itself.</summary>
    public static readonly string[] PersonRoles = [Roles.Resident, Roles.Practitioner, Roles.Provider, Roles.Curator, Roles.Commissioner, Roles.Admin];

    [BindProperty(SupportsGet = true)] public string? Q { get; set; }
    [BindProperty(SupportsGet = true, Name = "p")] public int PageNumber { get; set; } = 1;
    [BindProperty] public string? UserId { get; set; }
    [BindProperty] public string? Role { get; set; }

    public List<PortalUser> Found { get; private set; } = [];
    public int Total { get; private set; }
    public List<AccountAuditEntry> Changes { get; private set; } = [];

    public sealed class RoleValidator : AbstractValidator<UsersModel>
    {
        public RoleValidator()
        {
            RuleFor(m => m.UserId).NotEmpty().WithMessage("Choose an account");
            RuleFor(m => m.Role).Must(role => PersonRoles.Contains(role)).WithMessage("Choose a role from the list");
        }
    }

    public bool IsLocked(PortalUser user) => user.LockoutEnd is { } end && end > clock.GetUtcNow();

    public async Task OnGetAsync(CancellationToken cancellationToken) => await LoadAsync(cancellationToken);

    public async Task<IActionResult> OnPostRoleAsync(CancellationToken cancellationToken)
    {
        var user = await TargetAsync();
        if (!Validate(new RoleValidator(), this) || user is null)
        {
            if (user is null && !HasErrors) AddError("maincontent", "That account no longer exists");
            await LoadAsync(cancellationToken);
            return Page();
        }
        if (user.Role != Role)
        {
            audit.Record(User, AccountActions.RoleChanged, user, $"{user.Role} to {Role}");
            user.Role = Role!;
            await users.UpdateAsync(user);
            // Signed in elsewhere, they keep the old role only until the cookie is next checked.
            await users.UpdateSecurityStampAsync(user);
        }
        Flash($"{user.DisplayName} is now {Article(Role!)} {Role}.");
        return RedirectToPage(new { q = Q, p = PageNumber });
    }

    public async Task<IActionResult> OnPostLockAsync(CancellationToken cancellationToken) => await SetLockAsync(true, cancellationToken);

    public async Task<IActionResult> OnPostUnlockAsync(CancellationToken cancellationToken) => await SetLockAsync(false, cancellationToken);

    private async Task<IActionResult> SetLockAsync(bool locked, CancellationToken cancellationToken)
    {
        if (await TargetAsync() is not { } user)
        {
            AddError("maincontent", "That account no longer exists");
            await LoadAsync(cancellationToken);
            return Page();
        }
        audit.Record(User, locked ? AccountActions.Locked : AccountActions.Unlocked, user);
        await users.SetLockoutEnabledAsync(user, true);
        await users.SetLockoutEndDateAsync(user, locked ? DateTimeOffset.MaxValue : null);
        if (!locked) await users.ResetAccessFailedCountAsync(user);
        else await users.UpdateSecurityStampAsync(user);
        Flash(locked ? $"{user.DisplayName} is locked out and cannot sign in." : $"{user.DisplayName} can sign in again.");
        return RedirectToPage(new { q = Q, p = PageNumber });
    }

    /// <summary>The account acted on, unless it is the admin's own: an admin cannot lock or demote themself.</summary>
    private async Task<PortalUser?> TargetAsync()
    {
        if (string.IsNullOrEmpty(UserId) || await users.FindByIdAsync(UserId) is not { } user) return null;
        if (user.Id == users.GetUserId(User))
        {
            AddError("maincontent", "You cannot change your own account here: ask another admin");
            return null;
        }
        return user;
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        PageNumber = Math.Max(1, PageNumber);
        var query = users.Users.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(Q))
        {
            var upper = Q.Trim().ToUpperInvariant();
            query = query.Where(u => u.NormalizedEmail!.Contains(upper) || u.DisplayName.ToUpper().Contains(upper));
        }
        Total = await query.CountAsync(cancellationToken);
        Found = await query.OrderBy(u => u.NormalizedEmail).Skip((PageNumber - 1) * PageSize).Take(PageSize).ToListAsync(cancellationToken);
        Changes = await db.Set<AccountAuditEntry>().AsNoTracking().OrderByDescending(e => e.Id).Take(50).ToListAsync(cancellationToken);
    }

    private static string Article(string role) => role is Roles.Admin ? "an" : "a";
}
