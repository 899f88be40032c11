using BuildingBlocks.Auth;
using BuildingBlocks.Web;
using DirectoryService.Data;
using DirectoryService.Domain;
using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace DirectoryService.Features.Services;

/// <summary>
/// Replaces a listing's details. A curator's edit applies at once. Provider staff's non-material changes (contact,
/// URL, languages) apply at once; material ones go to the moderation queue as one Edit proposal (a newer proposal
/// replaces a pending one). The caller sends the version it read: a stale one is a 409.
/// </summary>
public static class EditService
{
    /// <summary>The body is the whole listing plus the version it was read at; the id comes from the route.</summary>
    public sealed record Command(
        Guid Id, int Version, string Name, string? Summary, string? Description, string? Url, AttendingType AttendingType,
        Eligibility Eligibility, Cost Cost, AccessMethods Access, Contact Contact, IReadOnlyList<string> Languages,
        IReadOnlyList<string> TaxonomyTerms, IReadOnlyList<Schedule> Schedules, IReadOnlyList<Guid> LocationIds,
        string? GettingThere = null, string? FirstVisit = null, string? WelcomedBy = null,
        IReadOnlyList<ListingTranslation>? Translations = null)
        : ICommand<Result>, IListingDetails;

    public sealed record Result(Guid Id, int Version, IReadOnlyList<string> Applied, IReadOnlyList<string> PendingApproval, Guid? ChangeId);

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator()
        {
            RuleFor(c => c.Version).GreaterThan(0);
            Include(new ListingDetailsValidator<Command>());
        }
    }

    internal sealed class Handler(DirectoryDb db, CurrentUser user, TimeProvider clock) : ICommandHandler<Command, Result>
    {
        public async ValueTask<Result> Handle(Command command, CancellationToken cancellationToken)
        {
            var service = await db.Services.Include(s => s.Organisation).SingleOrDefaultAsync(s => s.Id == command.Id, cancellationToken)
                          ?? throw new NotFoundException("Service", command.Id);
            user.EnsureCanEdit(service);
            if (command.Version != service.Version)
                throw new ConflictException("The listing has changed since you read it; reload it and try again.",
                    new Dictionary<string, object?> { ["currentVersion"] = service.Version, ["yourVersion"] = command.Version });

            var details = ServiceDetails.From(command);
            // A client that knows only the main number (sends no morePhones) keeps the further numbers there are.
            if (command.Contact is { MorePhones: null })
                details = details with { Contact = details.Contact with { MorePhones = service.Contact.MorePhones ?? [] } };
            await ListingReferences.EnsureExistAsync(db, details, service.OrganisationId, cancellationToken);
            var now = clock.GetUtcNow();
            var outcome = service.Edit(details, moderated: !user.IsCurator(), now);

            if (outcome.Applied.Count > 0)
            {
                ListingRecords.AddVersion(db, service, user, $"Changed {ListingRecords.Describe(outcome.Applied)}", now);
                await ListingRecords.PublishUpdatedAsync(db, service, now, cancellationToken);
            }
            ListingChange? change = null;
            if (outcome.Proposal is { } proposal)
            {
                var pending = await db.ListingChanges
                    .Where(c => c.ServiceId == service.Id && c.Kind == ChangeKind.Edit && c.Decision == ChangeDecision.Pending)
                    .ToListAsync(cancellationToken);
                foreach (var older in pending) older.Decide(false, user.Name, "Replaced by a newer proposal.", now);
                db.ListingChanges.Add(change = new ListingChange(Guid.CreateVersion7(), service.Id, ChangeKind.Edit,
                    ListingJson.Serialize(proposal), user.Name, now));
            }
            await db.SaveChangesAsync(cancellationToken);
            return new Result(service.Id, service.Version, outcome.Applied, outcome.HeldForModeration, change?.Id);
        }
    }

    internal static async Task<IResult> Endpoint(Guid id, Command command, Sender mediator, CancellationToken cancellationToken)
    {
        var result = await mediator.Send(command with { Id = id }, cancellationToken);
        // 202 when some of the edit waits for a curator, 200 when all of it is live.
        return result.PendingApproval.Count > 0 ? Results.Accepted($"/api/directory/services/{id}", result) : Results.Ok(result);
    }
}
