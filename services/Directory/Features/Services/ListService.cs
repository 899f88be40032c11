using BuildingBlocks.Time;
using BuildingBlocks.Auth;
using BuildingBlocks.Web;
using DirectoryService.Data;
using DirectoryService.Domain;
using DirectoryService.Features.Locations;
using Contracts.Directory;
using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace DirectoryService.Features.Services;

/// <summary>
/// A new activity. Provider staff propose it (pending, in the moderation queue, not public, no event yet);
/// a curator's listing goes live at once and ServiceListed goes out through the outbox. Its places are existing
/// ones (<c>locationIds</c>) and new ones (<c>newPlaces</c>, created in the same transaction, so a refused listing
/// leaves no place behind). A new listing's times must not all be over.
/// </summary>
public static class ListService
{
    public sealed record Command(
        Guid OrganisationId, string Name, string? Summary, string? Description, string? Url, AttendingType AttendingType,
        Eligibility Eligibility, Cost Cost, AccessMethods Access, Contact Contact, IReadOnlyList<string> Languages,
        IReadOnlyList<string> TaxonomyTerms, IReadOnlyList<Schedule> Schedules, IReadOnlyList<Guid> LocationIds,
        ReferralAcceptance? AcceptingReferrals = null, int? Spaces = null, int? TypicalResponseDays = null,
        IReadOnlyList<NewPlace>? NewPlaces = null, string? GettingThere = null, string? FirstVisit = null, string? WelcomedBy = null,
        IReadOnlyList<ListingTranslation>? Translations = null)
        : ICommand<Result>, IListingDetails;

    /// <summary>A place the organisation has not recorded yet; people find it by its postcode.</summary>
    public sealed record NewPlace(string Name, string? Address1, string? City, string? Postcode, double? Latitude = null,
        double? Longitude = null, string? Ward = null, IReadOnlyList<string>? Accessibility = null) : IPlaceFields;

    public sealed record Result(Guid Id, ServiceStatus Status, int Version, Guid? ChangeId);

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator()
        {
            RuleFor(c => c.OrganisationId).NotEmpty();
            Include(new ListingDetailsValidator<Command>());
            RuleFor(c => c.AcceptingReferrals).IsInEnum();
            RuleFor(c => c.Spaces).InclusiveBetween(0, ListingLimits.MaxSpaces).When(c => c.Spaces is not null);
            RuleFor(c => c.TypicalResponseDays).InclusiveBetween(0, ListingLimits.MaxResponseDays).When(c => c.TypicalResponseDays is not null);
            RuleFor(c => c.NewPlaces).Must(p => p!.Count <= 10).WithMessage("At most 10 new places.").When(c => c.NewPlaces is not null);
            RuleForEach(c => c.NewPlaces).NotNull().WithMessage("A new place cannot be null.")
                .SetValidator(new PlaceValidator<NewPlace>())
                .ChildRules(place => place.RuleFor(p => p.Postcode).NotEmpty().WithMessage("Enter the postcode of the new place."));
        }
    }

    internal sealed class Handler(DirectoryDb db, CurrentUser user, TimeProvider clock) : ICommandHandler<Command, Result>
    {
        public async ValueTask<Result> Handle(Command command, CancellationToken cancellationToken)
        {
            var organisation = await db.Organisations.SingleOrDefaultAsync(o => o.Id == command.OrganisationId, cancellationToken);
            if (organisation is null)
            {
                // Provider staff learn nothing about other organisations; a curator gets a field error.
                if (!user.IsCurator()) throw new ForbiddenException("Provider staff can only list their own organisation's services.");
                throw new RuleViolationException("The organisation does not exist.",
                    new Dictionary<string, string[]> { ["organisationId"] = ["No organisation has this id."] });
            }
            user.EnsureCanEdit(organisation.Id, "its listings");

            var details = ServiceDetails.From(command);
            await ListingReferences.EnsureExistAsync(db, details, organisation.Id, cancellationToken);
            var now = clock.GetUtcNow();
            Schedule.EnsureNoneEnded(details.Schedules, DateOnly.FromDateTime(UkTime.Local(now)));
            var newPlaces = new List<Guid>();
            foreach (var place in command.NewPlaces ?? [])
                newPlaces.Add((await Places.AddAsync(db, organisation.Id, place, cancellationToken)).Id);
            details = details with { LocationIds = [.. details.LocationIds, .. newPlaces] };
            var byCurator = user.IsCurator();
            var service = new Service(Guid.CreateVersion7(), organisation, details,
                byCurator ? ServiceStatus.Active : ServiceStatus.PendingApproval, now, user.Name);
            if (command.AcceptingReferrals is { } accepting)
                service.SetInitialCapacity(new Capacity(accepting, command.Spaces, command.TypicalResponseDays));
            db.Services.Add(service);
            ListingRecords.AddVersion(db, service, user, byCurator ? "Listed by a curator" : "Proposed as a new listing", now);

            ListingChange? change = null;
            if (byCurator)
                db.Publish(service.Listed(await ListingRecords.LocationsAsync(db, service, cancellationToken), now), now);
            else
                db.ListingChanges.Add(change = new ListingChange(Guid.CreateVersion7(), service.Id, ChangeKind.NewListing,
                    ListingJson.Serialize(details), user.Name, now));
            await db.SaveChangesAsync(cancellationToken);
            return new Result(service.Id, service.Status, service.Version, change?.Id);
        }
    }

    internal static async Task<IResult> Endpoint(Command command, Sender mediator, CancellationToken cancellationToken)
    {
        var result = await mediator.Send(command, cancellationToken);
        return Results.Created($"/api/directory/services/{result.Id}", result);
    }
}
