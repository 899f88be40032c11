using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace DirectoryService.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class CrisisPeriods : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<Guid>(
                name: "crisis_id",
                table: "services",
                type: "uuid",
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "suspended_until",
                table: "services",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "crises",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    scope = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: false),
                    public_note = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: false),
                    alternative = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true),
                    started_by = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    started_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    planned_end = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    ended_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    ended_by = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    listing_count = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_crises", x => x.id);
                });

            migrationBuilder.CreateIndex(
                name: "ix_services_crisis_id",
                table: "services",
                column: "crisis_id");

            migrationBuilder.CreateIndex(
                name: "ix_services_status_suspended_until",
                table: "services",
                columns: new[] { "status", "suspended_until" });

            migrationBuilder.CreateIndex(
                name: "ix_crises_ended_at_planned_end",
                table: "crises",
                columns: new[] { "ended_at", "planned_end" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "crises");

            migrationBuilder.DropIndex(
                name: "ix_services_crisis_id",
                table: "services");

            migrationBuilder.DropIndex(
                name: "ix_services_status_suspended_until",
                table: "services");

            migrationBuilder.DropColumn(
                name: "crisis_id",
                table: "services");

            migrationBuilder.DropColumn(
                name: "suspended_until",
                table: "services");
        }
    }
}
