using BuildingBlocks.Auth;
using BuildingBlocks.Web;
using DirectoryService.Data;
using DirectoryService.Domain;
using DirectoryService.Features.Services;
using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace DirectoryService.Features.Locations;

/// <summary>
/// Creates (POST) or replaces (PUT) a location. Provider staff manage their own organisation's; curators any, and
/// shared ones (no organisation). Missing coordinates and ward are filled from the gazetteer when the postcode is in it.
/// Changing a location changes every published listing held there, so each gets ServiceUpdated.
/// </summary>
public static class SaveLocation
{
    public sealed record Fields(Guid? OrganisationId, string Name, string? Address1, string? City, string? Postcode,
        double? Latitude, double? Longitude, string? Ward, IReadOnlyList<string>? Accessibility);

    public sealed record Command(Guid? Id, Guid? OrganisationId, string Name, string? Address1, string? City, string? Postcode,
        double? Latitude, double? Longitude, string? Ward, IReadOnlyList<string>? Accessibility) : ICommand<Result>, IPlaceFields
    {
        public static Command From(Guid? id, Fields f) =>
            new(id, f.OrganisationId, f.Name, f.Address1, f.City, f.Postcode, f.Latitude, f.Longitude, f.Ward, f.Accessibility);
    }

    public sealed record Result(Guid Id, Guid? OrganisationId, string Name, string? Address1, string? City, string? Postcode,
        double? Latitude, double? Longitude, string? Ward, IReadOnlyList<string> Accessibility);

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator() => Include(new PlaceValidator<Command>());
    }

    internal sealed class Handler(DirectoryDb db, CurrentUser user, TimeProvider clock) : ICommandHandler<Command, Result>
    {
        public async ValueTask<Result> Handle(Command command, CancellationToken cancellationToken)
        {
            var fields = command;
            // Provider staff's locations always belong to their organisation.
            var organisationId = user.IsCurator() ? fields.OrganisationId : user.OrganisationId;
            if (organisationId is null && !user.IsCurator())
                throw new ForbiddenException("Only provider staff or curators can manage locations.");
            if (organisationId is { } org)
            {
                user.EnsureCanEdit(org, "its locations");
                if (!await db.Organisations.AnyAsync(o => o.Id == org, cancellationToken))
                    throw new RuleViolationException("The organisation does not exist.",
                        new Dictionary<string, string[]> { ["organisationId"] = ["No organisation has this id."] });
            }

            Location location;
            if (command.Id is { } id)
            {
                location = await db.Locations.SingleOrDefaultAsync(l => l.Id == id, cancellationToken)
                           ?? throw new NotFoundException("Location", id);
                if (!(user.IsCurator() || (location.OrganisationId is { } owner && user.IsStaffOf(owner))))
                    throw new ForbiddenException("Only the organisation's own staff or a curator can change this location.");
                var (postcode, latitude, longitude, ward) = await Places.LocateAsync(db, fields, cancellationToken);
                location.Update(fields.Name.Trim(), fields.Address1, fields.City, postcode, latitude, longitude, ward, fields.Accessibility ?? []);
                await PublishForListingsAtAsync(location.Id, cancellationToken);
            }
            else
            {
                location = await Places.AddAsync(db, organisationId, fields, cancellationToken);
            }
            await db.SaveChangesAsync(cancellationToken);
            return new Result(location.Id, location.OrganisationId, location.Name, location.Address1, location.City, location.Postcode,
                location.Latitude, location.Longitude, location.Ward, location.Accessibility);
        }

        private async Task PublishForListingsAtAsync(Guid locationId, CancellationToken cancellationToken)
        {
            var now = clock.GetUtcNow();
            var services = await db.Services.Include(s => s.Organisation)
                .Where(s => (s.Status == ServiceStatus.Active || s.Status == ServiceStatus.Suspended)
                            && s.Locations.Any(l => l.LocationId == locationId))
                .ToListAsync(cancellationToken);
            foreach (var service in services) await ListingRecords.PublishUpdatedAsync(db, service, now, cancellationToken);
        }
    }

    internal static async Task<IResult> Create(Fields location, Sender mediator, CancellationToken cancellationToken)
    {
        var result = await mediator.Send(Command.From(null, location), cancellationToken);
        return Results.Created($"/api/directory/locations/{result.Id}", result);
    }

    internal static async Task<IResult> Update(Guid id, Fields location, Sender mediator, CancellationToken cancellationToken) =>
        Results.Ok(await mediator.Send(Command.From(id, location), cancellationToken));
}
