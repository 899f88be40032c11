using System.Security.Claims;
using BuildingBlocks.Auth;
using BuildingBlocks.Validation;
using BuildingBlocks.Web;
using FluentValidation;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Portal.Api;
using Portal.Identity;

namespace Portal.Pages.Admin.Applications;

/// <summary>
/// A curator approves an application (the Directory organisation is created with the curator's token and the contact
/// is invited as its admin) or declines it with a reason. Decided once: a second decision is a 409 with a message.
/// </summary>
[Authorize(Policy = Roles.Curator)]
public sealed class DecideModel(PortalDb db, DirectoryClient directory, IAccountMailer mailer, TimeProvider clock) : PortalPage
{
    public sealed class DeclineForm
    {
        public string? Reason { get; set; }
    }

    public sealed class DeclineValidator : AbstractValidator<DeclineForm>
    {
        public DeclineValidator() =>
            RuleFor(f => f.Reason).NotEmpty().WithMessage("Enter the reason for declining, which is sent to the applicant")
                .MaximumLength(2000).WithMessage("The reason must be 2000 characters or fewer").MustBePlainText();
    }

    [BindProperty(SupportsGet = false)] public DeclineForm Decline { get; set; } = new();
    public OrganisationApplication Application { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct) =>
        await LoadAsync(id, ct) ? Page() : NotFound();

    public async Task<IActionResult> OnPostApproveAsync(Guid id, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct)) return NotFound();
        var curator = User.FindFirstValue(ClaimTypes.NameIdentifier)!;
        if (!await ClaimAsync(() => Application.Approve(curator, clock.GetUtcNow()), ct)) return AlreadyDecided();

        var created = await directory.CreateOrganisationAsync(Application.OrganisationName, $"Serves {Application.AreaServed}.", ct);
        if (!Check(created, "organisation"))
        {
            Application.ReturnToPending();
            await db.SaveChangesAsync(ct);
            return Page();
        }
        Application.OrganisationCreated(created.Value!.Id);
        var (invite, token) = Invite.Issue(InviteKind.OrganisationAdmin, Application.ContactEmail, created.Value.Id, null,
            Application.OrganisationName, curator, clock.GetUtcNow());
        db.Invites.Add(invite);
        await db.SaveChangesAsync(ct);
        await mailer.SendAsync(InviteMail.For(invite, InviteLinks.To(this, token), User.DisplayName()), ct);
        Flash($"{Application.OrganisationName} is approved and listed as an organisation. We have emailed {Application.ContactName} a link to set up its account.");
        return RedirectToPage("Index");
    }

    public async Task<IActionResult> OnPostDeclineAsync(Guid id, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct)) return NotFound();
        if (Application.Status != ApplicationStatus.Pending) return AlreadyDecided();
        if (!this.Passes(new DeclineValidator(), Decline)) return Page();
        var curator = User.FindFirstValue(ClaimTypes.NameIdentifier)!;
        if (!await ClaimAsync(() => Application.Decline(curator, Decline.Reason!, clock.GetUtcNow()), ct)) return AlreadyDecided();
        await mailer.SendAsync(InviteMail.Declined(Application), ct);
        Flash($"The application for {Application.OrganisationName} is declined. We have emailed {Application.ContactName} the reason.");
        return RedirectToPage("Index");
    }

    private async Task<bool> LoadAsync(Guid id, CancellationToken ct)
    {
        Application = (await db.OrganisationApplications.SingleOrDefaultAsync(a => a.Id == id, ct))!;
        return Application is not null;
    }

    /// <summary>Records the decision; false when it had already been made (here or, at the same moment, by someone else).</summary>
    private async Task<bool> ClaimAsync(Action decide, CancellationToken ct)
    {
        try
        {
            decide();
            await db.SaveChangesAsync(ct);
            return true;
        }
        catch (Exception e) when (e is ConflictException or DbUpdateConcurrencyException)
        {
            return false;
        }
    }

    private PageResult AlreadyDecided()
    {
        db.ChangeTracker.Clear();
        Notices.Add(new Notice("Already decided", "This application has already been decided, so nothing was changed."));
        Response.StatusCode = StatusCodes.Status409Conflict;
        return Page();
    }
}
