using BuildingBlocks.Auth;
using BuildingBlocks.Web;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Portal.Api;
using Portal.Identity;

namespace Portal.Pages.Organisations;

/// <summary>An organisation's staff; its admin invites (by email), removes, and hands the admin role to a colleague.</summary>
[Authorize(Policy = Roles.Provider)]
public sealed class StaffModel(PortalDb db, UserManager<PortalUser> users, SignInManager<PortalUser> signIn,
    IAccountMailer mailer, DirectoryClient directory, TimeProvider clock) : PortalPage
{
    [BindProperty] public InviteForm Invitation { get; set; } = new();
    public PortalUser Me { get; private set; } = null!;
    public List<PortalUser> Staff { get; private set; } = [];
    public List<Invite> OpenInvites { get; private set; } = [];
    public string OrganisationName { get; private set; } = "";

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public async Task<IActionResult> OnPostInviteAsync(CancellationToken ct)
    {
        await LoadAsync(ct);
        if (!Me.IsOrganisationAdmin) return Forbid();
        if (!this.Passes(new InviteForm.Validator(), Invitation)) return Page();
        var email = Invite.NormaliseEmail(Invitation.Email!);
        if (Staff.Any(s => Invite.NormaliseEmail(s.Email ?? "") == email))
        {
            AddError("email", "This person is already one of your staff");
            return Page();
        }
        var (invite, token) = Invite.Issue(InviteKind.OrganisationStaff, email, Me.OrganisationId, null, OrganisationName,
            Me.Id, clock.GetUtcNow());
        db.Invites.Add(invite);
        await db.SaveChangesAsync(ct);
        await mailer.SendAsync(InviteMail.For(invite, InviteLinks.To(this, token), Me.DisplayName), ct);
        Flash($"Invitation sent to {email}. The link works once, for 7 days.");
        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostRemoveAsync(string userId, CancellationToken ct)
    {
        await LoadAsync(ct);
        var staff = Staff.SingleOrDefault(s => s.Id == userId);
        if (staff is null) return NotFound();
        return await ChangeAsync(() => Membership.RemoveFromOrganisation(Me, staff), staff, $"{staff.DisplayName} is no longer one of your staff.");
    }

    public async Task<IActionResult> OnPostHandOverAsync(string userId, CancellationToken ct)
    {
        await LoadAsync(ct);
        var colleague = Staff.SingleOrDefault(s => s.Id == userId);
        if (colleague is null) return NotFound();
        var result = await ChangeAsync(() => Membership.HandOverAdmin(Me, colleague), colleague, $"{colleague.DisplayName} is now the admin.");
        await signIn.RefreshSignInAsync(Me);
        return result;
    }

    /// <summary>
    /// Saves both accounts at once. A new security stamp signs the changed person out of the rights they had (at
    /// Identity's next check of the cookie), so a removed colleague's cookie does not keep the organisation.
    /// </summary>
    private async Task<IActionResult> ChangeAsync(Action change, PortalUser changed, string done)
    {
        try { change(); }
        catch (ForbiddenException) { return Forbid(); }
        catch (ConflictException conflict)
        {
            AddError("maincontent", conflict.Message);
            return Page();
        }
        await users.UpdateSecurityStampAsync(changed);
        await users.UpdateAsync(Me);
        Flash(done);
        return RedirectToPage();
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        Me = (await users.GetUserAsync(User))!;
        var organisation = Me.OrganisationId;
        Staff = await db.Users.Where(u => u.OrganisationId == organisation && u.Role == Roles.Provider).ToListAsync(ct);
        Staff = Staff.OrderByDescending(s => s.IsOrganisationAdmin).ThenBy(s => s.DisplayName).ToList();
        var now = clock.GetUtcNow();
        OpenInvites = (await db.Invites.AsNoTracking().Where(i => i.OrganisationId == organisation && i.AcceptedAt == null && i.WithdrawnAt == null)
            .ToListAsync(ct)).Where(i => i.StateAt(now) == InviteState.Open).OrderBy(i => i.Email).ToList();
        var named = organisation is { } id ? await directory.GetOrganisationAsync(id, ct) : null;
        OrganisationName = named?.Value?.Name ?? "your organisation";
    }
}
