using System.Security.Claims;
using BuildingBlocks.Auth;
using BuildingBlocks.Validation;
using FluentValidation;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Portal.Identity;
using Portal.Pages.Organisations;

namespace Portal.Pages.Admin.Teams;

/// <summary>An admin creates a practitioner team and appoints its lead, who is invited by email.</summary>
[Authorize(Roles = Roles.Admin)]
public sealed class IndexModel(PortalDb db, IAccountMailer mailer, TimeProvider clock) : PortalPage
{
    public sealed class TeamForm
    {
        public string? Name { get; set; }
        public string? LeadEmail { get; set; }
    }

    public sealed class Validator : AbstractValidator<TeamForm>
    {
        public Validator()
        {
            RuleFor(f => f.Name).NotEmpty().WithMessage("Enter the team's name")
                .MaximumLength(200).WithMessage("The team's name must be 200 characters or fewer").MustBePlainText()
                .Must(n => n!.Any(char.IsLetterOrDigit)).WithMessage("The team's name must contain letters or numbers")
                .When(f => !string.IsNullOrWhiteSpace(f.Name), ApplyConditionTo.CurrentValidator);
            RuleFor(f => f.LeadEmail).NotEmpty().WithMessage("Enter the email address of the team's lead")
                .EmailAddress().WithMessage("Enter the lead's email address in the correct format, like name@example.com")
                .MaximumLength(254).WithMessage("Email address must be 254 characters or fewer").MustBePlainText();
        }
    }

    public sealed record TeamRow(PractitionerTeam Team, string? LeadName, int Members);

    [BindProperty] public TeamForm NewTeam { get; set; } = new();
    public List<TeamRow> Teams { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        await LoadAsync(ct);
        if (!this.Passes(new Validator(), NewTeam)) return Page();
        var admin = User.FindFirstValue(ClaimTypes.NameIdentifier)!;
        var team = PractitionerTeam.Create(NewTeam.Name!, admin, clock.GetUtcNow());
        if (await db.PractitionerTeams.AnyAsync(t => t.Id == team.Id, ct))
        {
            AddError("name", "There is already a team with this name");
            return Page();
        }
        var (invite, token) = Invite.Issue(InviteKind.TeamLead, NewTeam.LeadEmail!, null, team.Id, team.Name, admin, clock.GetUtcNow());
        db.PractitionerTeams.Add(team);
        db.Invites.Add(invite);
        await db.SaveChangesAsync(ct);
        await mailer.SendAsync(InviteMail.For(invite, InviteLinks.To(this, token), User.DisplayName()), ct);
        Flash($"{team.Name} is created. We have emailed {invite.Email} a link to accept the role of lead.");
        return RedirectToPage();
    }

    /// <summary>An admin sets whether a team hears all its referrals' news (as its lead may on /team).</summary>
    public async Task<IActionResult> OnPostNewsAsync(string teamId, bool tellWholeTeam, CancellationToken ct)
    {
        var team = await db.PractitionerTeams.SingleOrDefaultAsync(t => t.Id == teamId, ct);
        if (team is null) return NotFound();
        if (!team.MayChangeSettings(User.FindFirstValue(ClaimTypes.NameIdentifier), User.IsInRole(Roles.Admin))) return Forbid();
        team.TellWholeTeam(tellWholeTeam);
        await db.SaveChangesAsync(ct);
        Flash(tellWholeTeam ? $"The whole of {team.Name} will now be told its new referrals' news."
            : $"Only the practitioner who made a referral in {team.Name} will now be told its news.");
        return RedirectToPage();
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        var teams = await db.PractitionerTeams.AsNoTracking().OrderBy(t => t.Name).ToListAsync(ct);
        var ids = teams.Select(t => t.Id).ToList();
        var members = await db.Users.AsNoTracking().Where(u => u.Team != null && ids.Contains(u.Team))
            .Select(u => new { u.Id, u.Team, u.DisplayName }).ToListAsync(ct);
        Teams = teams.Select(t => new TeamRow(t, members.FirstOrDefault(m => m.Id == t.LeadUserId)?.DisplayName,
            members.Count(m => m.Team == t.Id))).ToList();
    }
}
