using BuildingBlocks.Auth;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Portal.Identity;
using Portal.Pages.Organisations;

namespace Portal.Pages.Teams;

/// <summary>A practitioner's team; its lead invites practitioners (the same invites as organisations' staff) and removes them.</summary>
[Authorize(Policy = Roles.Practitioner)]
public sealed class IndexModel(PortalDb db, UserManager<PortalUser> users, SignInManager<PortalUser> signIn, IAccountMailer mailer,
    TimeProvider clock) : PortalPage
{
    [BindProperty] public InviteForm Invitation { get; set; } = new();
    public PortalUser Me { get; private set; } = null!;
    public PractitionerTeam? Team { get; private set; }
    public List<PortalUser> Members { get; private set; } = [];
    public List<Invite> OpenInvites { get; private set; } = [];
    public bool IsLead => Team?.IsLead(Me.Id) == true;

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public async Task<IActionResult> OnPostInviteAsync(CancellationToken ct)
    {
        await LoadAsync(ct);
        if (!IsLead) return Forbid();
        if (!this.Passes(new InviteForm.Validator(), Invitation)) return Page();
        var email = Invite.NormaliseEmail(Invitation.Email!);
        if (Members.Any(m => Invite.NormaliseEmail(m.Email ?? "") == email))
        {
            AddError("email", "This person is already in your team");
            return Page();
        }
        var (invite, token) = Invite.Issue(InviteKind.TeamMember, email, null, Team!.Id, Team.Name, Me.Id, clock.GetUtcNow());
        db.Invites.Add(invite);
        await db.SaveChangesAsync(ct);
        await mailer.SendAsync(InviteMail.For(invite, InviteLinks.To(this, token), Me.DisplayName), ct);
        Flash($"Invitation sent to {email}. The link works once, for 7 days.");
        return RedirectToPage();
    }

    /// <summary>
    /// The lead chooses whether the whole team hears its referrals' news. Members' tokens carry the new setting from
    /// their next claims refresh (PortalClaimsFactory); the lead's at once. Referrals already made keep what was chosen
    /// when they were made.
    /// </summary>
    public async Task<IActionResult> OnPostNewsAsync(bool tellWholeTeam, CancellationToken ct)
    {
        await LoadAsync(ct);
        if (Team is null || !Team.MayChangeSettings(Me.Id, User.IsInRole(Roles.Admin))) return Forbid();
        Team.TellWholeTeam(tellWholeTeam);
        await db.SaveChangesAsync(ct);
        await signIn.RefreshSignInAsync(Me);
        Flash(tellWholeTeam
            ? "The whole team will now be told the news of the team's new referrals, in the team's inbox."
            : "Only the practitioner who made a referral will now be told its news.");
        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostRemoveAsync(string userId, CancellationToken ct)
    {
        await LoadAsync(ct);
        if (!IsLead) return Forbid();
        var member = Members.SingleOrDefault(m => m.Id == userId);
        if (member is null) return NotFound();
        if (member.Id == Me.Id)
        {
            AddError("maincontent", "You cannot remove yourself: you lead the team.");
            return Page();
        }
        member.Team = null;
        await users.UpdateSecurityStampAsync(member);
        Flash($"{member.DisplayName} is no longer in the team.");
        return RedirectToPage();
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        Me = (await users.GetUserAsync(User))!;
        if (Me.Team is null) return;
        var teamId = Me.Team;
        Team = await db.PractitionerTeams.SingleOrDefaultAsync(t => t.Id == teamId, ct);
        Members = (await db.Users.Where(u => u.Team == teamId).ToListAsync(ct)).OrderBy(u => u.DisplayName).ToList();
        var now = clock.GetUtcNow();
        OpenInvites = (await db.Invites.AsNoTracking().Where(i => i.TeamId == teamId && i.AcceptedAt == null && i.WithdrawnAt == null)
            .ToListAsync(ct)).Where(i => i.StateAt(now) == InviteState.Open).OrderBy(i => i.Email).ToList();
    }
}
