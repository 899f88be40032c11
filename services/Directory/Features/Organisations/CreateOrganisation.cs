using BuildingBlocks.Auth;
using DirectoryService.Data;
using DirectoryService.Domain;
using FluentValidation;
using Mediator;

namespace DirectoryService.Features.Organisations;

public static class CreateOrganisation
{
    public sealed record Command(string Name, string? Description, string? Email, string? Website, string? Phone)
        : ICommand<Result>;

    public sealed record Result(Guid Id);

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator()
        {
            RuleFor(c => c.Name).NotEmpty().MaximumLength(200);
            RuleFor(c => c.Description).MaximumLength(4000);
            RuleFor(c => c.Email).EmailAddress().MaximumLength(254).When(c => c.Email is not null);
            RuleFor(c => c.Website).Must(BeHttpUrl).WithMessage("'Website' must be an http(s) URL.").When(c => c.Website is not null);
        }

        internal static bool BeHttpUrl(string? url) =>
            Uri.TryCreate(url, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp);
    }

    internal sealed class Handler(DirectoryDb db) : ICommandHandler<Command, Result>
    {
        public async ValueTask<Result> Handle(Command command, CancellationToken cancellationToken)
        {
            var organisation = new Organisation(Guid.CreateVersion7(), command.Name.Trim(), command.Description,
                command.Email, command.Website, command.Phone);
            db.Organisations.Add(organisation);
            await db.SaveChangesAsync(cancellationToken);
            return new Result(organisation.Id);
        }
    }

    internal static async Task<IResult> Endpoint(Command command, Sender mediator, CancellationToken cancellationToken)
    {
        var result = await mediator.Send(command, cancellationToken);
        return Results.Created($"/api/directory/organisations/{result.Id}", result);
    }
}
