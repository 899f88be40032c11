using BuildingBlocks.Validation;
using BuildingBlocks.Auth;
using BuildingBlocks.Web;
using DirectoryService.Data;
using DirectoryService.Domain;
using DirectoryService.Features.Services;
using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace DirectoryService.Features.Organisations;

/// <summary>Its own staff or a curator update an organisation; a new name reaches readers as ServiceUpdated per listing.</summary>
public static class UpdateOrganisation
{
    public sealed record Command(Guid Id, string Name, string? Description, string? Email, string? Website, string? Phone)
        : IOrganisationDetails, ICommand<GetOrganisation.Summary>;

    public sealed record Body(string Name, string? Description, string? Email, string? Website, string? Phone);

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator() => Include(new OrganisationDetailsValidator<Command>());
    }

    internal sealed class Handler(DirectoryDb db, CurrentUser user, TimeProvider clock) : ICommandHandler<Command, GetOrganisation.Summary>
    {
        public async ValueTask<GetOrganisation.Summary> Handle(Command command, CancellationToken cancellationToken)
        {
            var organisation = await db.Organisations.SingleOrDefaultAsync(o => o.Id == command.Id, cancellationToken)
                               ?? throw new NotFoundException("Organisation", command.Id);
            user.EnsureCanEdit(organisation.Id, "this organisation");
            var renamed = organisation.Name != command.Name.Trim();
            organisation.Update(command.Name.Trim(), command.Description, command.Email, command.Website, command.Phone);
            if (renamed)
            {
                var now = clock.GetUtcNow();
                var services = await db.Services.Include(s => s.Organisation)
                    .Where(s => s.OrganisationId == organisation.Id && (s.Status == ServiceStatus.Active || s.Status == ServiceStatus.Suspended))
                    .ToListAsync(cancellationToken);
                foreach (var service in services) await ListingRecords.PublishUpdatedAsync(db, service, now, cancellationToken);
            }
            await db.SaveChangesAsync(cancellationToken);
            return new GetOrganisation.Summary(organisation.Id, organisation.Name);
        }
    }

    internal static async Task<IResult> Endpoint(Guid id, Body body, Sender mediator, CancellationToken cancellationToken) =>
        Results.Ok(await mediator.Send(new Command(id, body.Name, body.Description, body.Email, body.Website, body.Phone), cancellationToken));
}
