using BuildingBlocks.Auth;
using BuildingBlocks.Web;
using Contracts.Directory;
using DirectoryService.Data;
using DirectoryService.Domain;
using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace DirectoryService.Features.Services;

/// <summary>A provider (or curator) lists a new activity; ServiceListed goes out through the outbox.</summary>
public static class ListService
{
    public sealed record Command(Guid OrganisationId, string Name, string? Description, ReferralAcceptance AcceptingReferrals)
        : ICommand<Result>;

    public sealed record Result(Guid Id);

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator()
        {
            RuleFor(c => c.OrganisationId).NotEmpty();
            RuleFor(c => c.Name).NotEmpty().MaximumLength(200);
            RuleFor(c => c.Description).MaximumLength(4000);
            RuleFor(c => c.AcceptingReferrals).IsInEnum();
        }
    }

    internal sealed class Handler(DirectoryDb db, CurrentUser user, TimeProvider clock) : ICommandHandler<Command, Result>
    {
        public async ValueTask<Result> Handle(Command command, CancellationToken cancellationToken)
        {
            var organisation = await db.Organisations.SingleOrDefaultAsync(o => o.Id == command.OrganisationId, cancellationToken)
                ?? throw new RuleViolationException("The organisation does not exist.",
                    new Dictionary<string, string[]> { ["organisationId"] = ["No organisation has this id."] });
            if (!(user.Is(Roles.Curator) || user.Is(Roles.Admin) || (user.Is(Roles.Provider) && user.OrganisationId == organisation.Id)))
                throw new ForbiddenException("Only the organisation's own staff or a curator can list its services.");

            var now = clock.GetUtcNow();
            var details = new ServiceDetails(command.Name, null, command.Description, null, AttendingType.InPerson,
                new Eligibility(null, null, null), Cost.Free, new AccessMethods(false, false, true),
                new Contact(null, null, null), [], [], [], []);
            var service = new Service(Guid.CreateVersion7(), organisation, details, ServiceStatus.Active, now, user.Id);
            service.ChangeCapacity(new Capacity(command.AcceptingReferrals, null, null), now);
            db.Services.Add(service);
            db.Publish(service.Listed([], now), now);
            await db.SaveChangesAsync(cancellationToken);
            return new Result(service.Id);
        }
    }

    internal static async Task<IResult> Endpoint(Command command, Sender mediator, CancellationToken cancellationToken)
    {
        var result = await mediator.Send(command, cancellationToken);
        return Results.Created($"/api/directory/services/{result.Id}", result);
    }
}
