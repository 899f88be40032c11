using BuildingBlocks.Validation;
using BuildingBlocks.Auth;
using BuildingBlocks.Web;
using DirectoryService.Data;
using DirectoryService.Domain;
using DirectoryService.Features.Services;
using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace DirectoryService.Features.Moderation;

/// <summary>
/// A curator approves or rejects a proposal. Approving a new listing publishes it (ServiceListed); approving an edit
/// applies every field it carries (ServiceUpdated when published). Either way the change enters the version history.
/// Approving may also record which facts the curator checked themselves (<c>verifiedFacts</c>: listing field names), and
/// may carry the curator's amended version of the proposal (<c>details</c>, a whole listing as a listing body has it),
/// which is checked like any listing and applied instead of the proposal as sent.
/// </summary>
public static class DecideChange
{
    /// <param name="InBulk">Approved with others at once (the history says so).</param>
    public sealed record Command(Guid ChangeId, bool Approve, string? Note, IReadOnlyList<string>? VerifiedFacts = null,
        ServiceDetails? Details = null, bool InBulk = false) : ICommand<Result>;

    public sealed record Body(string? Note, IReadOnlyList<string>? VerifiedFacts = null, ServiceDetails? Details = null);

    public sealed record Result(Guid ChangeId, ChangeDecision Decision, Guid ServiceId, ServiceStatus ServiceStatus, int Version);

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator()
        {
            RuleFor(c => c.Note).MaximumLength(1000).MustBePlainText();
            RuleFor(c => c.VerifiedFacts).Must(f => f is null || f.Count <= ServiceDetails.FieldNames.Count);
            RuleForEach(c => c.VerifiedFacts).Must(ServiceDetails.FieldNames.Contains)
                .WithMessage(f => $"Verified facts are listing fields: {string.Join(", ", ServiceDetails.FieldNames)}.");
            RuleFor(c => c.Note).NotEmpty().WithMessage("Say why the change is rejected; the provider sees this note.")
                .When(c => !c.Approve);
            RuleFor(c => c.Details!).SetValidator(new ListingDetailsValidator<ServiceDetails>()).When(c => c.Details is not null);
            RuleFor(c => c.Details).Null().When(c => !c.Approve).WithMessage("Only an approval carries an amended proposal.");
        }
    }

    internal sealed class Handler(DirectoryDb db, CurrentUser user, TimeProvider clock) : ICommandHandler<Command, Result>
    {
        public async ValueTask<Result> Handle(Command command, CancellationToken cancellationToken)
        {
            var change = await db.ListingChanges.SingleOrDefaultAsync(c => c.Id == command.ChangeId, cancellationToken)
                         ?? throw new NotFoundException("Change", command.ChangeId);
            var service = await db.Services.Include(s => s.Organisation).SingleAsync(s => s.Id == change.ServiceId, cancellationToken);
            var now = clock.GetUtcNow();
            // Who is the version's author; why is the curator's note, and how (in bulk) when it was one of many.
            var how = (command.InBulk ? " (in bulk)" : "") + (string.IsNullOrWhiteSpace(command.Note) ? "" : $": {command.Note.Trim()}");
            change.Decide(command.Approve, user.Name, command.Note, now);
            var amended = command.Details?.WithDefaults();
            if (amended is not null) await ListingReferences.EnsureExistAsync(db, amended, service.OrganisationId, cancellationToken);
            if (command.Approve && command.VerifiedFacts is { Count: > 0 } facts) service.MarkFactsVerified(facts, now, user.Name);

            if (command.Approve && change.Kind == ChangeKind.NewListing)
            {
                if (amended is not null && service.Details().ChangedFields(amended) is { Count: > 0 } edited)
                {
                    service.Apply(amended, now);
                    ListingRecords.AddVersion(db, service, user, $"Amended by the curator before approval: {ListingRecords.Describe(edited)}", now);
                }
                service.Approve(now, user.Name);
                ListingRecords.AddVersion(db, service, user, $"Approved and listed{how}", now);
                db.Publish(service.Listed(await ListingRecords.LocationsAsync(db, service, cancellationToken), now), now);
            }
            else if (command.Approve)
            {
                var proposal = amended ?? ProposedListing.Read(change, await ProposedListing.MappingsAsync(db, [change], cancellationToken));
                // An amended proposal is the curator's whole version: every field it changes applies.
                var carried = amended is null ? change.FieldsCarried : service.Details().ChangedFields(amended);
                var changed = service.ApplyApprovedEdit(proposal, carried, await ProposedListing.LiveTermsAsync(db, cancellationToken), now);
                if (changed.Count > 0)
                {
                    ListingRecords.AddVersion(db, service, user,
                        $"Approved edit{(amended is null ? "" : " (amended by the curator)")}{how}: {ListingRecords.Describe(changed)}", now);
                    await ListingRecords.PublishUpdatedAsync(db, service, now, cancellationToken);
                }
            }
            else if (change.Kind == ChangeKind.NewListing)
            {
                service.RejectNewListing(now);
                ListingRecords.AddVersion(db, service, user, $"New listing rejected: {command.Note}", now);
            }
            await db.SaveChangesAsync(cancellationToken);
            return new Result(change.Id, change.Decision, service.Id, service.Status, service.Version);
        }
    }

    internal static async Task<IResult> Approve(Guid changeId, Body? body, Sender mediator, CancellationToken cancellationToken) =>
        Results.Ok(await mediator.Send(new Command(changeId, true, body?.Note, body?.VerifiedFacts, body?.Details), cancellationToken));

    internal static async Task<IResult> Reject(Guid changeId, Body body, Sender mediator, CancellationToken cancellationToken) =>
        Results.Ok(await mediator.Send(new Command(changeId, false, body.Note), cancellationToken));
}
