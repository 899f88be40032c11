using System.Security.Claims;
using BuildingBlocks.Validation;
using BuildingBlocks.Web;
using FluentValidation;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Portal.Identity;
using Portal.Pages.Account;

namespace Portal.Pages.Invites;

/// <summary>
/// Where an invitation's link leads: a person without an account sets one up (their email is proven by the link),
/// a person with one signs in and accepts. Expired, used or withdrawn links are refused with a page saying why.
/// </summary>
public sealed class AcceptModel(PortalDb db, UserManager<PortalUser> users, SignInManager<PortalUser> signIn, TimeProvider clock)
    : PortalPage
{
    public sealed class NewAccountForm
    {
        public string? DisplayName { get; set; }
        public string? Password { get; set; }
        public string? ConfirmPassword { get; set; }
    }

    public sealed class NewAccountValidator : AbstractValidator<NewAccountForm>
    {
        public NewAccountValidator()
        {
            RuleFor(f => f.DisplayName).NotEmpty().WithMessage("Enter your name")
                .MaximumLength(200).WithMessage("Your name must be 200 characters or fewer").MustBePlainText();
            RuleFor(f => f.Password).NotEmpty().WithMessage("Enter a password");
            RuleFor(f => f.ConfirmPassword).Equal(f => f.Password).WithMessage("The passwords do not match")
                .When(f => !string.IsNullOrEmpty(f.Password));
        }
    }

    public enum Situation { NotFound, Refused, SignedInAsInvitee, SignedInAsSomeoneElse, HasAccount, NewAccount }

    [BindProperty] public NewAccountForm Account { get; set; } = new();
    public Invite? Invite { get; private set; }
    public Situation Now { get; private set; }
    public string? Refusal { get; private set; }

    public async Task<IActionResult> OnGetAsync(string? token, CancellationToken ct)
    {
        await LoadAsync(token, ct);
        return Answer();
    }

    /// <summary>A signed-in person accepts with the account they have.</summary>
    public async Task<IActionResult> OnPostAcceptAsync(string? token, CancellationToken ct)
    {
        await LoadAsync(token, ct);
        if (Now != Situation.SignedInAsInvitee) return Answer();
        var user = (await users.GetUserAsync(User))!;
        return await JoinAsync(user, ct) ?? await SignInAgainAsync(user);
    }

    /// <summary>A person without an account sets one up; the account and the used invite are saved together or not at all.</summary>
    public async Task<IActionResult> OnPostCreateAsync(string? token, CancellationToken ct)
    {
        await LoadAsync(token, ct);
        if (Now != Situation.NewAccount) return Answer();
        if (!this.Passes(new NewAccountValidator(), Account)) return Page();

        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var user = new PortalUser
        {
            UserName = Invite!.Email, Email = Invite.Email, EmailConfirmed = true, DisplayName = Account.DisplayName!.Trim(),
        };
        var created = await users.CreateAsync(user, Account.Password!);
        if (!created.Succeeded)
        {
            foreach (var error in created.Errors)
                AddError(error.Code.Contains("Password", StringComparison.Ordinal) ? "password" : "displayName", error.Description);
            return Page();
        }
        var refused = await JoinAsync(user, ct);
        if (refused is not null) return refused;
        await transaction.CommitAsync(ct);
        await signIn.SignInAsync(user, isPersistent: false);
        return LocalRedirect(SignInModel.HomeFor(user.Role));
    }

    private async Task<IActionResult?> JoinAsync(PortalUser user, CancellationToken ct)
    {
        var team = Invite!.TeamId is null ? null : await db.PractitionerTeams.SingleOrDefaultAsync(t => t.Id == Invite.TeamId, ct);
        try
        {
            Membership.Join(user, Invite, team);
            Invite.Accept(user.Id, clock.GetUtcNow());
            // Saves the account, the invite and the team in one SaveChanges. Identity reports a lost race (the invite's
            // or the account's concurrency token) as a failed result rather than an exception.
            var saved = await users.UpdateSecurityStampAsync(user);
            if (saved.Succeeded) return null;
            db.ChangeTracker.Clear();
            return Refuse(Identity.Invite.Refusal(InviteState.Used));
        }
        catch (ConflictException conflict)
        {
            db.ChangeTracker.Clear();
            return Refuse(conflict.Message);
        }
    }

    private async Task<IActionResult> SignInAgainAsync(PortalUser user)
    {
        // The new role, organisation or team only reach the cookie (and the services' tokens) with a fresh sign-in.
        await signIn.RefreshSignInAsync(user);
        Flash($"You are now {InviteMail.Describe(Invite!.Kind)} {Invite.JoiningName}.");
        return LocalRedirect(SignInModel.HomeFor(user.Role));
    }

    private async Task LoadAsync(string? token, CancellationToken ct)
    {
        // A blank segment ("/invites/%20") binds as null: no invitation has that link.
        if (string.IsNullOrWhiteSpace(token)) { Now = Situation.NotFound; return; }
        Invite = await db.Invites.SingleOrDefaultAsync(i => i.TokenHash == Identity.Invite.HashOf(token), ct);
        if (Invite is null) { Now = Situation.NotFound; return; }
        var state = Invite.StateAt(clock.GetUtcNow());
        if (state != InviteState.Open) { Refusal = Identity.Invite.Refusal(state); Now = Situation.Refused; return; }
        if (User.Identity?.IsAuthenticated == true)
        {
            var email = User.FindFirstValue(ClaimTypes.Email) ?? (await users.GetUserAsync(User))?.Email ?? "";
            Now = Identity.Invite.NormaliseEmail(email) == Invite.Email ? Situation.SignedInAsInvitee : Situation.SignedInAsSomeoneElse;
            return;
        }
        Now = await users.FindByEmailAsync(Invite.Email) is null ? Situation.NewAccount : Situation.HasAccount;
    }

    private PageResult Refuse(string message)
    {
        Refusal = message;
        Now = Situation.Refused;
        Response.StatusCode = StatusCodes.Status409Conflict;
        return Page();
    }

    private IActionResult Answer() => Now switch
    {
        Situation.NotFound => NotFound(),
        Situation.Refused => Refuse(Refusal!),
        _ => Page(),
    };
}
