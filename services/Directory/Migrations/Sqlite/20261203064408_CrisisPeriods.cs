using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace DirectoryService.Migrations.Sqlite
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
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "suspended_until",
                table: "services",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "crises",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    scope = table.Column<string>(type: "TEXT", maxLength: 500, nullable: false),
                    public_note = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: false),
                    alternative = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    started_by = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    started_at = table.Column<long>(type: "INTEGER", nullable: false),
                    planned_end = table.Column<long>(type: "INTEGER", nullable: true),
                    ended_at = table.Column<long>(type: "INTEGER", nullable: true),
                    ended_by = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    listing_count = table.Column<int>(type: "INTEGER", nullable: false)
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
