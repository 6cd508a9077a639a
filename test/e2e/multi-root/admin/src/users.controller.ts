import { Controller, Get, UseGuards } from '@nestjs/common';
import { ApiKeyGuard } from './admin.guard';

@Controller('users')
@UseGuards(ApiKeyGuard)
export class UsersController {
  @Get()
  list() {
    return [];
  }
}
